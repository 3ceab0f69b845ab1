import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, stopChild } from './child.js';
import { cpuMs } from './load.js';

export interface StartupResult {
  coldStartsMs: number[];
  medianMs: number;
  /** CPU time (user + system, all threads) the process used up to listening: on a busy machine wall time inflates, this hardly does. */
  cpuMs: number[];
  medianCpuMs: number;
  /** VmRSS of the server process after it has been idle for a few seconds, per start. */
  idleRssMb: number[];
  medianRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 5);

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? NaN) / 1024;
}

/** Spawn to "Milewide is running" on stdout, which the CLI prints once the port is listening. */
async function oneStart(dataDir: string): Promise<{ ms: number; cpu: number; rss: number }> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['bin/milewide.js', 'start', '--no-demo'], {
    env: { ...process.env, MILEWIDE_DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', MILEWIDE_DEMO: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Milewide is running" within 60 s:\n${output.slice(-2000)}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Milewide is running')) {
          clearTimeout(timer);
          resolve(Number(process.hrtime.bigint() - started) / 1e6);
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output.slice(-2000)}`)));
    });
    const cpu = cpuMs(child.pid!);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    if (!health.ok) throw new Error(`/healthz answered ${health.status} after start`);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    return { ms, cpu, rss: rssMb(child.pid!) };
  } finally {
    await stopChild(child);
  }
}

/** Cold start of the CLI on an existing (migrated, populated) PGlite data directory, three times. */
export async function benchStartup(dataDir: string, runs = 3): Promise<StartupResult> {
  const coldStartsMs: number[] = [];
  const cpu: number[] = [];
  const idleRssMb: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const { ms, cpu: used, rss } = await oneStart(dataDir);
    process.stdout.write(`  start ${i}/${runs}: listening after ${(ms / 1000).toFixed(2)} s (${(used / 1000).toFixed(2)} s of CPU), idle RSS ${rss.toFixed(0)} MB after ${IDLE_SECONDS} s\n`);
    coldStartsMs.push(ms);
    cpu.push(used);
    idleRssMb.push(rss);
  }
  return { coldStartsMs, medianMs: median(coldStartsMs), cpuMs: cpu, medianCpuMs: median(cpu), idleRssMb, medianRssMb: median(idleRssMb) };
}
