// `node bin/run-ts.js bench/profile.ts [me|people]`: runs the server under --cpu-prof with load on
// one endpoint over PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL; PGlite otherwise) and
// prints where the server's CPU time went, by package. The .cpuprofile opens in Chrome DevTools.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startServer } from './child.js';
import { DEFAULT_LOAD, fire } from './load.js';
import { preparePglite, preparePostgres } from './databases.js';
import { databaseEnv, ENDPOINTS } from './targets.js';

const which = (process.argv[2] ?? 'me') as keyof typeof ENDPOINTS;
const workDir = mkdtempSync(join(tmpdir(), 'milewide-profile-'));
const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const prepared = pgUrl ? await preparePostgres(pgUrl) : await preparePglite(workDir);
const port = await freePort();
const server = await startServer(
  process.execPath,
  ['--cpu-prof', `--cpu-prof-dir=${workDir}`, 'bin/milewide.js', 'start', '--no-demo'],
  { ...databaseEnv(prepared.target), HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
  port,
  join(workDir, 'server.log'),
);
try {
  const r = await fire(server.url + ENDPOINTS[which], { cookie: `mw_session=${prepared.org.sessionToken}` }, DEFAULT_LOAD.seconds, DEFAULT_LOAD.connections, `profiled ${which}`);
  console.log(`  ${r.rps.toFixed(0)} req/s, p99 ${r.p99Ms} ms (under the profiler)`);
} finally {
  await server.stop();
  await prepared.drop();
}

interface Profile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}
const main = readdirSync(workDir).filter((f) => f.endsWith('.cpuprofile')).sort()[0];
const profile = JSON.parse(readFileSync(join(workDir, main), 'utf8')) as Profile;
const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const byPackage = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const { url, functionName } = frames.get(id)!;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? (url.includes('/src/') ? 'src (ours)' : url.startsWith('node:') ? url : functionName || '(native)');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + profile.timeDeltas[i] / 1000);
});
const total = [...byPackage.values()].reduce((a, b) => a + b, 0);
console.log(`\nServer CPU profile ${join(workDir, main)}, ${(total / 1000).toFixed(1)} s sampled; self time by package:`);
for (const [pkg, ms] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${pkg}`);
