import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Written into the embedded data directory by whichever Milewide process has it open. */
export const LOCK_FILE = 'milewide.pid';

export interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  startedAt: string;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
    readonly lockPath: string,
  ) {
    super(`${dataDir} is in use by a running Milewide ${holder.command} (pid ${holder.pid} on ${holder.hostname}, since ${holder.startedAt})`);
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid)) return null;
    return { pid: parsed.pid!, hostname: parsed.hostname ?? '', command: parsed.command ?? 'process', startedAt: parsed.startedAt ?? 'unknown' };
  } catch {
    return null; // unreadable or half-written by a crash: treat as stale
  }
}

function processAlive(pid: number): boolean {
  // Our own pid in the file means a previous life of this process (a container restarts as pid 1).
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // After a reboot the pid may belong to something else; on Linux, a Milewide process is a node process.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|milewide|tsx/i.test(cmdline);
  } catch {
    return true;
  }
}

/** Who holds the data directory right now, or null when nobody (a stale file does not count). */
export function liveHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  if (!holder) return null;
  if (holder.hostname && holder.hostname !== hostname()) return holder; // cannot check another machine
  return processAlive(holder.pid) ? holder : null;
}

/**
 * Claims the data directory for this process, replacing a stale lock left by a crash. Throws
 * DataDirBusyError when a live process holds it. The returned function releases the claim; it
 * also runs at process exit.
 */
export function acquireDataDirLock(dataDir: string, command: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, hostname: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = liveHolder(dataDir);
      if (holder) throw new DataDirBusyError(dataDir, holder, path);
      if (attempt > 0) throw new Error(`Could not claim ${dataDir}: ${path} keeps reappearing; is another Milewide process starting?`);
      unlinkSync(path);
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readHolder(path)?.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', release);
  return release;
}

/** For `milewide start`: claims the embedded data directory or explains who has it. */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  try {
    return acquireDataDirLock(dataDir, 'server');
  } catch (err) {
    if (!(err instanceof DataDirBusyError)) throw err;
    throw new Error(
      `${err.message}. The embedded database can be opened by one process at a time: stop that process or wait for it to finish. ` +
        `To run several instances, use PostgreSQL (DATABASE_URL). If you are sure no Milewide process uses ${dataDir}, delete ${err.lockPath}.`,
    );
  }
}
