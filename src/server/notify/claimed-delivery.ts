import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { JobEngine } from '../jobs/engine.js';
import type { outbox } from './schema.js';
import type { webhookDeliveries } from './webhook-schema.js';

/** The outboxes this core serves: rows written in the caller's transaction, sent later by a job. */
type DeliveryTable = typeof outbox | typeof webhookDeliveries;

/** What sending one claimed row came to. */
export type SendOutcome =
  /** Done: the row takes `status` (default "sent") and any extra columns in `set`. */
  | { ok: true; status?: 'sent' | 'captured'; set?: Record<string, unknown>; countsAsAttempt?: boolean }
  /** Not done: retried with backoff while `retryable` and attempts remain, otherwise failed for good. */
  | { ok: false; retryable: boolean; error: string; set?: Record<string, unknown> };

export interface ClaimedDeliveryOptions<T extends DeliveryTable> {
  db: Db;
  jobs: JobEngine;
  table: T;
  queue: string;
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Names the row in log lines, e.g. "outboxId". */
  logKey: string;
  /** Sends the claimed rows (concurrently); one outcome per row, in order. */
  send: (rows: T['$inferSelect'][]) => Promise<SendOutcome[]>;
}

/**
 * The claim-and-retry core shared by the e-mail outbox and webhook deliveries. A job claims its
 * row (queued → sending) before sending, so two jobs for the same row (a duplicate, or a requeue
 * after a crash) send it once. Successes are recorded together; a failure goes back to "queued"
 * for pg-boss's backoff retry, or to "failed" when it is permanent or out of attempts, with the
 * error kept for administrators. Rows that no job carries are found and queued again.
 */
export class ClaimedDelivery<T extends DeliveryTable> {
  constructor(private options: ClaimedDeliveryOptions<T>) {}

  // drizzle cannot type one query over a union of two tables; both have the columns used here.
  private get t() {
    return this.options.table as typeof outbox;
  }

  /**
   * Queues delivery of rows already committed. If the job cannot be queued (the job engine is
   * still starting, or the database blinked), the row stays "queued" and requeueStranded picks it
   * up; the change that wrote it is not failed for that.
   */
  async deliver(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.options.jobs.send(this.options.queue, { id });
      } catch (err) {
        this.options.jobs.log.warn({ err, [this.options.logKey]: id }, `could not queue ${this.options.queue} yet; it will be requeued`);
      }
    }
  }

  /**
   * Re-queues rows that no job is carrying: never attempted and older than the given age (a crash
   * between commit and queueing), or claimed by a worker that died mid-send. A row whose job is
   * still waiting (a backlog) is left to that job.
   */
  async requeueStranded(olderThanSeconds: number, staleClaimSeconds: number): Promise<number> {
    const { db, jobs, queue } = this.options;
    const t = this.t;
    const stale = db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.status, 'sending'), lt(t.claimedAt, sql`now() - make_interval(secs => ${staleClaimSeconds})`)))
      .for('update', { skipLocked: true });
    await db.update(t).set({ status: 'queued', claimedAt: null }).where(inArray(t.id, stale));
    const rows = await db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.status, 'queued'), eq(t.attempts, 0), lt(t.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
      .limit(1000);
    if (!rows.length) return 0;
    const carried = await jobs.carriedIds(queue, staleClaimSeconds);
    const stranded = rows.map((r) => r.id).filter((id) => !carried.has(id));
    await this.deliver(stranded);
    return stranded.length;
  }

  /** Idempotent: a row already sent is left alone, so a repeated job sends nothing twice. */
  async deliverOne(id: string): Promise<void> {
    const [failure] = await this.deliverMany([{ id: 'one', data: { id } }]);
    if (failure) throw new Error(failure.error);
  }

  /**
   * Delivers the rows of a batch of jobs: claims them all in one statement (of two jobs for the
   * same row only one gets it), sends them, and records the successes with one statement per kind
   * of success. Returns the jobs whose row must be tried again.
   */
  async deliverMany(jobs: { id: string; data: { id: string } }[]): Promise<{ id: string; error: string }[]> {
    const { db, retryLimit, send } = this.options;
    const t = this.t;
    const ids = [...new Set(jobs.map((j) => j.data.id))];
    // SKIP LOCKED: a row another worker (or the stale-claim sweep) holds right now is theirs; no
    // waiting on each other, so batches never deadlock.
    const free = db.select({ id: t.id }).from(t).where(and(inArray(t.id, ids), eq(t.status, 'queued'))).for('update', { skipLocked: true });
    const claimed = (await db.update(t).set({ status: 'sending', claimedAt: new Date() }).where(inArray(t.id, free)).returning()) as unknown as T['$inferSelect'][];
    if (!claimed.length) return [];
    const outcomes = await send(claimed);

    // Successes, grouped by what they write, so a batch is usually one statement.
    const groups = new Map<string, { values: Record<string, unknown>; ids: string[] }>();
    for (const [i, row] of claimed.entries()) {
      const o = outcomes[i];
      if (!o.ok) continue;
      const values: Record<string, unknown> = { status: o.status ?? 'sent', lastError: null, ...o.set };
      if (o.countsAsAttempt !== false) values.attempts = sql`${t.attempts} + 1`;
      const key = JSON.stringify([o.status, o.set, o.countsAsAttempt]);
      const group = groups.get(key) ?? { values, ids: [] };
      group.ids.push(row.id);
      groups.set(key, group);
    }
    const deliveredAt = new Date();
    for (const group of groups.values()) await db.update(t).set({ ...group.values, deliveredAt }).where(inArray(t.id, group.ids));

    const retry: { id: string; error: string }[] = [];
    for (const [i, row] of claimed.entries()) {
      const o = outcomes[i];
      if (o.ok) continue;
      const attempts = row.attempts + 1;
      const finalFailure = !o.retryable || attempts > retryLimit;
      await db
        .update(t)
        .set({ attempts, lastError: o.error, status: finalFailure ? 'failed' : 'queued', claimedAt: null, ...o.set })
        .where(eq(t.id, row.id));
      // The first job carrying the row retries it; copies of that job in the batch are done.
      const carrier = jobs.find((job) => job.data.id === row.id)!;
      if (!finalFailure) retry.push({ id: carrier.id, error: o.error });
    }
    return retry;
  }
}
