import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { JobEngine } from './jobs/engine.js';
import { createMailer } from './notify/mailer.js';
import { EmailDelivery, type EmailRetryOptions } from './notify/outbox.js';
import { WebhookDelivery, type WebhookRetryOptions } from './notify/webhook-delivery.js';
import { LiveHub } from './notify/live.js';
import { OverdueTimerSweep, registerTimerJobs } from './toolkit/escalations/incidents/jobs.js';
import type { AppContext } from './context.js';
import { buildApp, type BuiltApp } from './app.js';
import { registerLearningJobs, type LearningJobOptions } from './learning/jobs.js';
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
export async function createRuntime(
  config: Config,
  options: { logger?: Logger; database?: Database; jobs?: boolean | 'later'; emailRetry?: EmailRetryOptions; webhookRetry?: WebhookRetryOptions; learning?: LearningJobOptions } = {},
): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await database.migrate();
  const jobs = new JobEngine(database, log);
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const email = new EmailDelivery(database.db, jobs, mailer, options.emailRetry);
  email.register();
  const webhooks = new WebhookDelivery(database.db, jobs, options.webhookRetry);
  webhooks.register();
  const live = new LiveHub(database, log);
  await live.start();
  const ctx: AppContext = { config, database, db: database.db, jobs, email, webhooks, live, log };
  registerTimerJobs(ctx);
  registerLearningJobs(ctx, options.learning);
  const examJobs = registerExamJobs(ctx);
  const overdueTimers = new OverdueTimerSweep(ctx);
  let jobsStarted = false;
  let sweeper: NodeJS.Timeout | undefined;
  // One escalation minute: a minute in real use, shorter in tests (MILEWIDE_ESCALATION_MINUTE_MS).
  const minuteSeconds = config.escalationMinuteMs / 1000;
  const strandedAfter = Math.max(10, minuteSeconds);
  // A send taking longer than this counts as lost with its worker; a shortened minute keeps a floor
  // of 30 s so that a slow send on a loaded machine is not taken for lost and sent twice.
  const staleClaimAfter = Math.max(30, 5 * minuteSeconds);
  const startJobs = async () => {
    if (jobsStarted) return;
    jobsStarted = true;
    await jobs.start();
    // Anything written while the workers were not running (startup, or a crash) is queued now,
    // and again every minute for messages whose job could not be queued.
    await email.requeueStranded(0, staleClaimAfter);
    await webhooks.requeueStranded(0, staleClaimAfter);
    await examJobs.sweep();
    sweeper = setInterval(() => {
      email.requeueStranded(strandedAfter, staleClaimAfter).catch((err) => log.warn({ err }, 'outbox sweep failed'));
      webhooks.requeueStranded(strandedAfter, staleClaimAfter).catch((err) => log.warn({ err }, 'webhook delivery sweep failed'));
      void examJobs.sweep();
    }, Math.max(1000, Math.min(60_000, config.escalationMinuteMs)));
    sweeper.unref();
    overdueTimers.start();
  };
  // Queues exist before any request can write a job inside its transaction, even when the
  // workers start later.
  if (options.jobs !== false) await jobs.prepare();
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
      overdueTimers.stop();
      // Live streams never end by themselves; end them so that closing the server does not wait on them.
      live.endStreams();
      await built.app.close();
      await jobs.stop();
      await live.close();
      mailer.close();
      await database.close();
    },
  };
}
