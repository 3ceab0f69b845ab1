import { isLoopback, loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { demoSignIns, seedDemo } from '../demo/seed.js';
import { setupNeeded } from '../identity/service.js';
import { ensureWebBuilt } from './web-build.js';
import { countProgress } from './progress.js';
import { claimDataDir } from './data-dir-lock.js';

export async function startCommand(opts: { demo?: boolean; port?: string; host?: string }) {
  const started = Date.now();
  const config = loadConfig(process.env, {
    ...(opts.demo === false ? { demo: false } : {}),
    ...(opts.port ? { port: Number(opts.port) } : {}),
    ...(opts.host ? { host: opts.host } : {}),
  });
  if (opts.port || opts.host) config.publicUrl = process.env.PUBLIC_URL || `http://${config.host}:${config.port}`;
  if (opts.host && !process.env.MILEWIDE_DEMO && opts.demo !== false) config.demo = isLoopback(opts.host);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    await ensureWebBuilt(config.webDir, say);
  } catch (err) {
    say(`The web app could not be built (${(err as Error).message.split('\n')[0]}); the API still runs.`);
  }
  say(config.databaseUrl ? 'Database: PostgreSQL (DATABASE_URL)' : `Database: embedded PGlite in ${config.dataDir}`);
  const releaseDataDir = config.databaseUrl ? () => undefined : claimDataDir(config.dataDir);
  // Job workers start once the port is open: queued work waits in the database meanwhile.
  const runtime = await createRuntime(config, { jobs: 'later' });
  const { ctx, built } = runtime;
  if (config.demo) await seedDemo(ctx, countProgress((done, total) => `Creating the demo organisation: ${done}/${total} people`));
  await built.app.listen({ port: config.port, host: config.host });
  say(`Milewide is running at ${config.publicUrl} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  await runtime.startJobs();
  if (config.demo) {
    say('Demo sign-ins (password for all: milewide-demo):');
    for (const s of demoSignIns()) say(`  ${s.role.padEnd(20)} ${s.email}`);
  }
  if (await setupNeeded(ctx)) say(`No organisation yet: open ${config.publicUrl}/setup to create the first administrator.`);
  say(`API docs: ${config.publicUrl}/api/docs`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: finishing in-flight requests and jobs...`);
    const timer = setTimeout(() => {
      say('Shutdown took too long; exiting.');
      process.exit(1);
    }, 30_000);
    timer.unref();
    await runtime.close();
    releaseDataDir();
    say('Stopped.');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
