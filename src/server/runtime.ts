import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { JobEngine } from './jobs/engine.js';
import { createMailer } from './notify/mailer.js';
import { EmailDelivery, type EmailRetryOptions } from './notify/outbox.js';
import type { AppContext } from './context.js';
import { buildApp, type BuiltApp } from './app.js';
import { registerExamJobs } from './assess/exams/auto-submit.js';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.passwordHash', '*.token'],
      censor: '[redacted]',
    },
  });
}

export interface Runtime {
  ctx: AppContext;
  built: BuiltApp;
  /** Starts the job workers unless they already run (for a runtime created with jobs: 'later'). */
  startJobs(): Promise<void>;
  /** Stops accepting requests, finishes in-flight requests and jobs, closes the database. */
  close(): Promise<void>;
}

/** Opens the database, migrates, starts the job engine and builds the HTTP app (not yet listening). */
export async function createRuntime(config: Config, options: { logger?: Logger; database?: Database; jobs?: boolean | 'later'; emailRetry?: EmailRetryOptions } = {}): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await database.migrate();
  const jobs = new JobEngine(database, log);
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const email = new EmailDelivery(database.db, jobs, mailer, options.emailRetry);
  email.register();
  const ctx: AppContext = { config, database, db: database.db, jobs, email, log };
  const examJobs = registerExamJobs(ctx);
  let jobsStarted = false;
  let sweeper: NodeJS.Timeout | undefined;
  const startJobs = async () => {
    if (jobsStarted) return;
    jobsStarted = true;
    await jobs.start();
    // Anything written while the workers were not running (startup, or a crash) is queued now,
    // and again every minute for messages whose job could not be queued.
    await email.requeueStranded(0);
    await examJobs.sweep();
    sweeper = setInterval(() => {
      email.requeueStranded(60).catch((err) => log.warn({ err }, 'outbox sweep failed'));
      void examJobs.sweep();
    }, 60_000);
    sweeper.unref();
  };
  if (options.jobs === undefined || options.jobs === true) await startJobs();
  const built = await buildApp(ctx);
  let closed = false;
  return {
    ctx,
    built,
    startJobs,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      await built.app.close();
      await jobs.stop();
      mailer.close();
      await database.close();
    },
  };
}
