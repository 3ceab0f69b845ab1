import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';

const SCHEMA = 'pgboss';
// unique_violation (on the system catalogs), duplicate_object, duplicate_table, duplicate_schema
const CREATE_RACE_CODES = new Set(['23505', '42710', '42P07', '42P06']);

export type JobHandler<T> = (data: T, job: { id: string }) => Promise<void>;
/**
 * Handles a whole fetched batch at once (one transaction for many jobs, say); returns the jobs that
 * failed and must be retried. Throwing fails the whole batch.
 */
export type BatchHandler<T> = (jobs: { id: string; data: T }[]) => Promise<{ id: string; error: string }[]>;

export interface QueueOptions {
  retryLimit?: number;
  retryDelay?: number;
  /** Seconds a job may stay active before pg-boss takes it for lost and retries it (default 15 min). */
  expireInSeconds?: number;
  /** Jobs fetched per poll by each worker (default: the engine's, 20). */
  batchSize?: number;
  /** Seconds between polls when the queue is idle (default: the engine's, 0.5; pg-boss's minimum). */
  pollingIntervalSeconds?: number;
  /** Workers polling this queue in this process (default 1). */
  workers?: number;
  /** Cron expression (UTC) on which pg-boss queues a job on its own: one job per tick across instances. */
  cron?: string;
}

interface Registration extends QueueOptions {
  queue: string;
  handler: BatchHandler<any>;
  retryLimit: number;
  retryDelay: number;
}

/** A transaction-bound connection in the shape pg-boss accepts as `db`, so jobs commit with the change that made them. */
export interface JobDb {
  executeSql(text: string, values: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * Durable jobs on the application's own database (pg-boss). On PGlite it runs through the
 * same in-process connection; on PostgreSQL every instance polls and each job runs once.
 */
export class JobEngine {
  readonly boss: PgBoss;
  private registrations: Registration[] = [];
  private started = false;
  private stopping = false;
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
  register<T>(queue: string, handler: JobHandler<T>, opts: QueueOptions = {}): void {
    // Each job on its own, so that one failure retries only that job.
    const perJob: BatchHandler<T> = async (jobs) => {
      const results = await Promise.allSettled(jobs.map((job) => handler(job.data, { id: job.id })));
      return results.flatMap((res, i) => (res.status === 'rejected' ? [{ id: jobs[i].id, error: String(res.reason?.message ?? res.reason) }] : []));
    };
    this.registerBatch(queue, perJob, opts);
  }

  /** Registers a queue whose worker takes each fetched batch at once; call before start(). */
  registerBatch<T>(queue: string, handler: BatchHandler<T>, opts: QueueOptions = {}): void {
    this.registrations.push({ ...opts, queue, handler, retryLimit: opts.retryLimit ?? 5, retryDelay: opts.retryDelay ?? 5 });
  }

  private prepared?: Promise<void>;

  /**
   * Installs the job schema and creates every registered queue without starting workers. Jobs
   * written inside a transaction (insertInTransaction) are only kept for queues that exist, so the
   * runtime prepares before it serves requests, even when the workers start later.
   */
  prepare(): Promise<void> {
    this.prepared ??= (async () => {
      await this.installSchema();
      await this.boss.start();
      for (const r of this.registrations) {
        const policy = { name: r.queue, retryLimit: r.retryLimit, retryDelay: r.retryDelay, retryBackoff: true, ...(r.expireInSeconds ? { expireInSeconds: r.expireInSeconds } : {}) };
        await this.raceSafe(`create queue ${r.queue}`, () => this.boss.createQueue(r.queue, policy));
        // createQueue leaves an existing queue as it was; bring its retry policy up to date.
        await this.raceSafe(`update queue ${r.queue}`, () => this.boss.updateQueue(r.queue, policy));
      }
    })();
    return this.prepared;
  }

  /**
   * Instances starting together on an empty database create the same queues (a partition each) at
   * once; PostgreSQL may then pick one as a deadlock victim or report a duplicate. Both are safe to
   * retry: creating a queue that exists does nothing.
   */
  private async raceSafe(what: string, fn: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await fn();
        return;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 6 || !code || !(code === '40P01' || CREATE_RACE_CODES.has(code))) throw err;
        this.log.info({ code, attempt }, `another instance is setting up jobs (${what}); trying again`);
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
  }

  async start(): Promise<void> {
    await this.prepare();
    for (const r of this.registrations) {
      if (r.cron) await this.raceSafe(`schedule ${r.queue}`, () => this.boss.schedule(r.queue, r.cron!, {}, { tz: 'UTC' }));
      for (let w = 0; w < (r.workers ?? 1); w++) await this.startWorker(r);
    }
    this.started = true;
  }

  private async startWorker(r: Registration): Promise<void> {
    const batchSize = r.batchSize ?? this.options.batchSize ?? 20;
    let workerId = '';
    workerId = await this.boss.work(r.queue, { pollingIntervalSeconds: r.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds ?? 0.5, batchSize }, async (jobs) => {
      // pg-boss sleeps a full polling interval after every batch; a full batch means more jobs are
      // probably due, so poll again at once instead.
      if (jobs.length >= batchSize && workerId) this.boss.notifyWorker(workerId);
      let failed: { id: string; error: string }[];
      try {
        failed = await r.handler(jobs.map((job) => ({ id: job.id, data: job.data })));
      } catch (err) {
        failed = jobs.map((job) => ({ id: job.id, error: String((err as Error)?.message ?? err) }));
      }
      const failedIds = new Set(failed.map((f) => f.id));
      const ok = jobs.filter((j) => !failedIds.has(j.id));
      try {
        if (ok.length) await this.boss.complete(r.queue, ok.map((j) => j.id));
        for (const f of failed) {
          this.log.warn({ error: f.error, queue: r.queue, jobId: f.id }, 'job failed; it will be retried');
          await this.boss.fail(r.queue, f.id, { message: f.error });
        }
      } catch (err) {
        // Recording the outcome failed (database gone): the jobs expire and are retried.
        this.log.warn({ error: String((err as Error).message), queue: r.queue }, 'could not record job results');
      }
    });
  }

  /** Queues jobs inside the caller's transaction: they exist exactly when the transaction commits. */
  async insertInTransaction(db: JobDb, jobs: { id?: string; name: string; data: object; startAfter?: Date }[]): Promise<void> {
    if (jobs.length) await this.boss.insert(jobs, { db } as PgBoss.InsertOptions);
  }

  /**
   * The `data.id` of every job of `queue` still waiting to run, or running and started less than
   * `staleActiveSeconds` ago (an older active job belongs to a worker that died). Sweeps that
   * requeue stranded work use it so that work already carried by a job is not queued twice.
   */
  async carriedIds(queue: string, staleActiveSeconds: number): Promise<Set<string>> {
    const { rows } = await this.database.executeSql(
      `select data->>'id' as id from ${SCHEMA}.job where name = $1 and (state in ('created', 'retry') or (state = 'active' and started_on > now() - make_interval(secs => $2)))`,
      [queue, staleActiveSeconds],
    );
    return new Set(rows.map((r) => String(r.id)));
  }

  /** Cancels jobs that have not finished; with `db` inside the caller's transaction. */
  async cancel(queue: string, ids: string[], db?: JobDb): Promise<void> {
    if (ids.length) await this.boss.cancel(queue, ids, db ? ({ db } as PgBoss.ConnectionOptions) : undefined);
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
    if (!this.prepared || this.stopping) return;
    this.stopping = true;
    this.started = false;
    // A failed prepare() left nothing running; stopping pg-boss is still safe.
    await this.prepared.catch(() => undefined);
    // graceful: wait for running handlers to finish before the database closes.
    await this.boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    this.detached = true;
  }
}
