import { join } from 'node:path';
import { startServer, freePort, type RunningServer } from './child.js';
import { databaseEnv, type Target } from './targets.js';

/** The same queries from a bare node:http server (bench/ceiling-server.ts) on the same data. */
export async function startCeiling(target: Target, workDir: string): Promise<RunningServer> {
  return startServer(process.execPath, ['bin/run-ts.js', 'bench/ceiling-server.ts'], databaseEnv(target), await freePort(), join(workDir, `ceiling-${target.kind}.log`));
}
