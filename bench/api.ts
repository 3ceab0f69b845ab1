import { join } from 'node:path';
import { startServer, freePort, type RunningServer } from './child.js';
import { databaseEnv, type Target } from './targets.js';

/** The real server, started the way operators start it: `node bin/milewide.js start`. */
export async function startApp(target: Target, workDir: string): Promise<RunningServer> {
  return startServer(
    process.execPath,
    ['bin/milewide.js', 'start', '--no-demo'],
    // The default log level (info) on purpose: operators run with it, so its cost is measured.
    { ...databaseEnv(target), HOST: '127.0.0.1', MILEWIDE_DEMO: 'false', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
    await freePort(),
    join(workDir, `app-${target.kind}.log`),
  );
}
