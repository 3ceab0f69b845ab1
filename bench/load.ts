import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  /** The worst p99 of the rounds, in milliseconds. */
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts: any of these makes the figure invalid. */
  bad: number;
  requests: number;
  seconds: number;
  /** CPU time (user + system) the server process spent, in ms: with `requests`, its cost per request. */
  serverCpuMs: number;
}

const CLOCK_TICK_MS = 10; // Linux USER_HZ is 100 on every architecture Node supports

/** utime + stime of a process, from /proc (fields 14 and 15; the name in field 2 may hold spaces). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}

/** Server CPU microseconds per request: unlike requests/s it hardly moves with other load on the machine. */
export const cpuPerRequestUs = (r: LoadResult) => (r.serverCpuMs * 1000) / r.requests;

export interface LoadOptions {
  /** Measured seconds per server and endpoint, split over `rounds`. */
  seconds: number;
  rounds: number;
  connections: number;
  warmupSeconds: number;
}

export const DEFAULT_LOAD: LoadOptions = {
  seconds: Number(process.env.BENCH_SECONDS ?? 10),
  rounds: Number(process.env.BENCH_ROUNDS ?? 2),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 2),
};

/** One bounded autocannon run against 127.0.0.1, printing progress every 5 s. */
export async function fire(url: string, headers: Record<string, string>, seconds: number, connections: number, label: string, serverPid?: number): Promise<LoadResult> {
  const cpuBefore = serverPid ? cpuMs(serverPid) : 0;
  const instance = autocannon({ url, headers, connections, duration: seconds });
  let elapsed = 0;
  let total = 0;
  instance.on('tick', ({ counter }) => {
    elapsed += 1;
    total += counter;
    if (elapsed % 5 === 0 || elapsed === seconds) process.stdout.write(`    ${label}: ${elapsed}/${seconds} s, ${total} requests\n`);
  });
  const r = await instance;
  const serverCpuMs = serverPid ? cpuMs(serverPid) - cpuBefore : 0;
  return { rps: r.requests.total / r.duration, p99Ms: r.latency.p99, bad: r.non2xx + r.errors + r.timeouts, requests: r.requests.total, seconds: r.duration, serverCpuMs };
}

export function combine(parts: LoadResult[]): LoadResult {
  const requests = parts.reduce((n, p) => n + p.requests, 0);
  const seconds = parts.reduce((n, p) => n + p.seconds, 0);
  const sum = (f: (p: LoadResult) => number) => parts.reduce((n, p) => n + f(p), 0);
  return { rps: requests / seconds, p99Ms: Math.max(...parts.map((p) => p.p99Ms)), bad: sum((p) => p.bad), requests, seconds, serverCpuMs: sum((p) => p.serverCpuMs) };
}
