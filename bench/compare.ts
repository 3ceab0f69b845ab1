import { cpSync } from 'node:fs';
import { startApp } from './api.js';
import { startCeiling } from './ceiling.js';
import { combine, cpuPerRequestUs, DEFAULT_LOAD, fire, type LoadResult, type LoadOptions } from './load.js';
import { checkAnswers, ENDPOINTS, type EndpointResults, type Target } from './targets.js';
import type { Prepared } from './databases.js';

export interface Comparison {
  kind: Target['kind'];
  app: EndpointResults;
  ceiling: EndpointResults;
}

/**
 * Runs Milewide and the ceiling side by side and measures them in alternating rounds, so that a
 * change in the machine's load during the run (other work on a shared 2-core machine) touches both.
 */
export async function compareOnDatabase(prepared: Prepared, workDir: string, opts: LoadOptions = DEFAULT_LOAD): Promise<Comparison> {
  const { target, org } = prepared;
  // PGlite is one process per directory: the ceiling gets an identical copy.
  const ceilingTarget: Target = target.kind === 'pglite' ? { kind: 'pglite', dataDir: `${target.dataDir}-ceiling` } : target;
  if (target.kind === 'pglite') cpSync(target.dataDir, (ceilingTarget as { dataDir: string }).dataDir, { recursive: true });
  const app = await startApp(target, workDir);
  const ceiling = await startCeiling(ceilingTarget, workDir).catch(async (err) => {
    await app.stop();
    throw err;
  });
  try {
    const cookie = `mw_session=${org.sessionToken}`;
    await checkAnswers(app.url, cookie, org.people);
    await checkAnswers(ceiling.url, cookie, org.people);
    const results = { app: {} as EndpointResults, ceiling: {} as EndpointResults };
    for (const key of ['me', 'people'] as const) {
      const path = ENDPOINTS[key];
      process.stdout.write(`  GET ${path}: warm-up ${opts.warmupSeconds} s each, then ${opts.rounds} alternating rounds of ${opts.seconds / opts.rounds} s, ${opts.connections} connections\n`);
      const servers = [
        ['Milewide', app, [] as LoadResult[]],
        ['ceiling', ceiling, [] as LoadResult[]],
      ] as const;
      for (const [label, server] of servers) if (opts.warmupSeconds > 0) await fire(server.url + path, { cookie }, opts.warmupSeconds, opts.connections, `${label} warm-up`);
      for (let round = 1; round <= opts.rounds; round++) {
        for (const [label, server, parts] of servers) parts.push(await fire(server.url + path, { cookie }, opts.seconds / opts.rounds, opts.connections, `${label} round ${round}`, server.pid));
      }
      results.app[key] = combine(servers[0][2]);
      results.ceiling[key] = combine(servers[1][2]);
      const a = results.app[key];
      const c = results.ceiling[key];
      process.stdout.write(`  GET ${path} on ${target.kind}: Milewide ${a.rps.toFixed(0)} req/s (p99 ${a.p99Ms} ms), ceiling ${c.rps.toFixed(0)} req/s (p99 ${c.p99Ms} ms): ${((a.rps / c.rps) * 100).toFixed(0)}%; server CPU per request ${cpuPerRequestUs(a).toFixed(0)} vs ${cpuPerRequestUs(c).toFixed(0)} µs\n`);
    }
    return { kind: target.kind, ...results };
  } finally {
    await app.stop();
    await ceiling.stop();
  }
}
