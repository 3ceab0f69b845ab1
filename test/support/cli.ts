import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/milewide.js');

/**
 * The environment a real `milewide` process gets in these tests: the embedded database in
 * dataDir, loopback only, and a prebuilt web app so that start does not run a Vite build.
 */
export function cliEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const webDir = join(dataDir, '..', 'web');
  mkdirSync(webDir, { recursive: true });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Milewide</title>');
  const env: NodeJS.ProcessEnv = { ...process.env, MILEWIDE_DATA_DIR: dataDir, MILEWIDE_WEB_DIR: webDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra };
  delete env.DATABASE_URL;
  if (extra.DATABASE_URL) env.DATABASE_URL = extra.DATABASE_URL;
  return env;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `milewide <args>` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn until "Milewide is running" was printed. */
  startupMs: number;
  output(): string;
  /** Resolves once `text` has been printed (stdout or stderr), with the time it appeared. */
  waitForOutput(text: string, timeoutMs?: number): Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `milewide start --no-demo` and waits until it listens. */
export async function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<ServerProcess> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'start', '--no-demo'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: { text: string; resolve: (at: number) => void }[] = [];
  const onData = (c: Buffer) => {
    output += c.toString();
    for (const w of [...waiters]) {
      if (output.includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(Date.now());
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const waitForOutput = (text: string, ms = 30_000) =>
    new Promise<number>((resolveWait, reject) => {
      if (output.includes(text)) return resolveWait(Date.now());
      const timer = setTimeout(() => reject(new Error(`"${text}" was not printed within ${ms} ms; output so far:\n${output}`)), ms);
      waiters.push({ text, resolve: (at) => (clearTimeout(timer), resolveWait(at)) });
      void exited.then(({ code }) => {
        clearTimeout(timer);
        if (!output.includes(text)) reject(new Error(`the server exited (code ${code}) before printing "${text}":\n${output}`));
      });
    });
  try {
    await waitForOutput('Milewide is running', timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, url: `http://127.0.0.1:${port}`, startupMs: Date.now() - started, output: () => output, waitForOutput, exited };
}
