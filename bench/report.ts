import type { StartupResult } from './startup.js';
import type { Comparison } from './compare.js';
import { cpuPerRequestUs } from './load.js';

type DatabaseRun = Comparison;

export interface Check {
  target: string;
  measured: string;
  pass: boolean;
}

const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;

export function throughputTable(runs: DatabaseRun[]): string {
  const lines = [
    '| database | endpoint | Milewide req/s | p99 ms | ceiling req/s | ceiling p99 ms | ratio | CPU µs/req Milewide | CPU µs/req ceiling | CPU ratio |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const run of runs) {
    for (const [key, path] of [['me', 'GET /api/v1/me'], ['people', 'GET /api/v1/people?limit=50']] as const) {
      const a = run.app[key];
      const c = run.ceiling[key];
      lines.push(`| ${run.kind === 'pglite' ? 'PGlite' : 'PostgreSQL 15'} | ${path} | ${a.rps.toFixed(0)} | ${a.p99Ms} | ${c.rps.toFixed(0)} | ${c.p99Ms} | ${pct(a.rps, c.rps)} | ${cpuPerRequestUs(a).toFixed(0)} | ${cpuPerRequestUs(c).toFixed(0)} | ${pct(cpuPerRequestUs(c), cpuPerRequestUs(a))} |`);
    }
  }
  return lines.join('\n');
}

export function checks(runs: DatabaseRun[], startup: StartupResult | undefined, postgresRequested = true): Check[] {
  const out: Check[] = [];
  const postgres = runs.find((r) => r.kind === 'postgres');
  if (postgres) {
    for (const key of ['me', 'people'] as const) {
      const ratio = postgres.app[key].rps / postgres.ceiling[key].rps;
      out.push({ target: `PostgreSQL ${key === 'me' ? 'GET /me' : 'GET /people'} >= 50% of ceiling`, measured: pct(postgres.app[key].rps, postgres.ceiling[key].rps), pass: ratio >= 0.5 });
    }
  } else if (postgresRequested) {
    out.push({ target: 'PostgreSQL >= 50% of ceiling', measured: 'not measured (set BENCH_DATABASE_URL or TEST_DATABASE_URL)', pass: false });
  }
  for (const run of runs) {
    const bad = run.app.me.bad + run.app.people.bad + run.ceiling.me.bad + run.ceiling.people.bad;
    out.push({ target: `${run.kind}: every answer 2xx`, measured: `${bad} bad answers`, pass: bad === 0 });
  }
  if (startup) {
    const s = (ms: number) => (ms / 1000).toFixed(2);
    out.push({
      target: 'cold start (PGlite, existing data) < 3 s',
      measured: `median ${s(startup.medianMs)} s of ${startup.coldStartsMs.map(s).join(', ')} (CPU ${s(startup.medianCpuMs)} s)`,
      pass: startup.medianMs < 3000,
    });
    out.push({ target: 'idle RSS (PGlite) < 400 MB', measured: `median ${startup.medianRssMb.toFixed(0)} MB of ${startup.idleRssMb.map((m) => m.toFixed(0)).join(', ')}`, pass: startup.medianRssMb < 400 });
  }
  return out;
}

export function checksTable(list: Check[]): string {
  const lines = ['| target | measured | result |', '| --- | --- | --- |'];
  for (const c of list) lines.push(`| ${c.target} | ${c.measured} | ${c.pass ? 'PASS' : 'FAIL'} |`);
  return lines.join('\n');
}
