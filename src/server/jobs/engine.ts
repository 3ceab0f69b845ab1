import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';

const SCHEMA = 'pgboss';
// unique_violation (on the system catalogs), duplicate_object, duplicate_table, duplicate_schema
const CREATE_RACE_CODES = new Set(['23505', '42710', '42P07', '42P06']);

export type JobHandler<T> = (data: T, job: { id: string }) => Promise<void>;

interface Registration {
  queue: string;
  handler: JobHandler<any>;
  retryLimit: number;
  retryDelay: number;
  /** Cron expression (UTC) on which pg-boss queues a job on its own: one job per tick across instances. */
  cron?: string;
  /** How often this queue's worker looks for work; background queues can poll less than e-mail does. */
  pollingIntervalSeconds?: number;
}

/**
 * Durable jobs on the application's own database (pg-boss). On PGlite it runs through the
 * same in-process connection; on PostgreSQL every instance polls and each job runs once.
 */
export class JobEngine {
  readonly boss: PgBoss;
  private registrations: Registration[] = [];
  private started = false;
  /** Set once stop() has returned: the database is about to close. */
  private detached = false;

  constructor(
    private database: Database,
    readonly log: Logger,
    private options: { pollingIntervalSeconds?: number; batchSize?: number } = {},
  ) {
    this.boss = new PgBoss({
      db: {
        // pg-boss settles a finished batch without awaiting it, so its last write can land after
        // stop() returned and the pool closed. Such a late write is dropped: the job stays active,
        // expires and runs again, and every handler is idempotent.
        executeSql: (text: string, values?: unknown[]) => (this.detached ? Promise.resolve({ rows: [] }) : database.executeSql(text, values)),
      },
      schema: SCHEMA,
      // Maintenance and monitoring are cheap; keep them but not chatty.
      superviseIntervalSeconds: 60,
    } as ConstructorParameters<typeof PgBoss>[0]);
    this.boss.on('error', (err) => this.log.error({ err }, 'job engine error'));
  }

  /** Registers a queue and its worker; call before start(). */
  register<T>(queue: string, handler: JobHandler<T>, opts: { retryLimit?: number; retryDelay?: number; cron?: string; pollingIntervalSeconds?: number } = {}): void {
    this.registrations.push({ queue, handler, retryLimit: opts.retryLimit ?? 5, retryDelay: opts.retryDelay ?? 5, cron: opts.cron, pollingIntervalSeconds: opts.pollingIntervalSeconds });
  }

  async start(): Promise<void> {
    await this.installSchema();
    await this.boss.start();
    for (const r of this.registrations) {
      const policy = { name: r.queue, retryLimit: r.retryLimit, retryDelay: r.retryDelay, retryBackoff: true };
      await this.boss.createQueue(r.queue, policy);
      // createQueue leaves an existing queue as it was; bring its retry policy up to date.
      await this.boss.updateQueue(r.queue, policy);
      if (r.cron) await this.boss.schedule(r.queue, r.cron, {}, { tz: 'UTC' });
      await this.boss.work(
        r.queue,
        {
          pollingIntervalSeconds: r.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds ?? 0.5,
          batchSize: this.options.batchSize ?? 20,
        },
        async (jobs) => {
          // Settle each job on its own so that one failure retries only that job.
          const results = await Promise.allSettled(jobs.map((job) => r.handler(job.data, { id: job.id })));
          const failed = results.flatMap((res, i) => (res.status === 'rejected' ? [{ job: jobs[i], err: res.reason }] : []));
          const ok = jobs.filter((_, i) => results[i].status === 'fulfilled');
          try {
            if (ok.length) await this.boss.complete(r.queue, ok.map((j) => j.id));
            for (const f of failed) {
              this.log.warn({ error: String(f.err?.message ?? f.err), queue: r.queue, jobId: f.job.id }, 'job failed; it will be retried');
              await this.boss.fail(r.queue, f.job.id, { message: String(f.err?.message ?? f.err) });
            }
          } catch (err) {
            // Recording the outcome failed (database gone): the jobs expire and are retried.
            this.log.warn({ error: String((err as Error).message), queue: r.queue }, 'could not record job results');
          }
        },
      );
    }
    this.started = true;
  }

  /**
   * pg-boss installs its schema on first start under an advisory lock, but an instance that waited
   * on that lock can still see a stale catalog and fail with a duplicate-key error while another
   * instance commits the same schema. Installing it here, and retrying once the winner has
   * committed, lets several instances start together on an empty database.
   */
  private async installSchema(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { rows } = await this.database.executeSql(`select to_regclass('${SCHEMA}.version') is not null as installed`);
      if (rows[0]?.installed) return;
      try {
        await this.database.executeSql(PgBoss.getConstructionPlans(SCHEMA));
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !code || !CREATE_RACE_CODES.has(code)) throw err;
        this.log.info({ code, attempt }, 'another instance is installing the job schema; checking again');
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  }

  async send<T extends object>(queue: string, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
    return this.boss.send(queue, data, options);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // graceful: wait for running handlers to finish before the database closes.
    await this.boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    this.detached = true;
  }
}
