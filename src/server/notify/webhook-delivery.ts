import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { JobEngine } from '../jobs/engine.js';
import { webhookDeliveries } from './webhook-schema.js';

export const WEBHOOK_QUEUE = 'webhook.send';
export const MAX_WEBHOOK_ATTEMPTS = 8;
// Generous: a receiver that answers late would otherwise get the message again on the retry.
const TIMEOUT_MS = 30_000;

export interface WebhookRetryOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
}

type Tx = Pick<Db, 'insert'>;

export interface WebhookDraft {
  orgId: string | null;
  url: string;
  /** Must carry `text`: the one field every chat tool's incoming webhook shows. */
  payload: { text: string } & Record<string, unknown>;
  kind: string;
}

/** Writes the delivery inside the caller's transaction; returns its id (also the job's data). */
export async function writeWebhook(tx: Tx, draft: WebhookDraft, id: string = randomUUID()): Promise<string> {
  await tx.insert(webhookDeliveries).values({ id, orgId: draft.orgId, url: draft.url, payload: draft.payload, kind: draft.kind });
  return id;
}

/** Only http(s) URLs are ever called; anything else is refused when a contact is saved or a delivery written. */
export function isDeliverableUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}


/**
 * Delivers webhook rows exactly once in effect: a job claims its row before the request, so two
 * jobs for the same row (a duplicate, or a requeue after a crash) send it once; the receiver gets
 * the row id in an Idempotency-Key header to recognise the one re-send a crash between sending
 * and recording can cause. 2xx = sent; 408, 429, 5xx and network errors are retried with
 * exponential backoff; other answers fail at once. Failures stay visible to admins.
 */
export class WebhookDelivery {
  readonly retryLimit: number;
  private retryDelaySeconds: number;

  constructor(
    private db: Db,
    private jobs: JobEngine,
    retry: WebhookRetryOptions = {},
  ) {
    this.retryLimit = retry.retryLimit ?? MAX_WEBHOOK_ATTEMPTS;
    // 30 s doubling over 8 retries rides out about an hour of a chat tool being down.
    this.retryDelaySeconds = retry.retryDelaySeconds ?? 30;
  }

  register(): void {
    this.jobs.registerBatch<{ id: string }>(WEBHOOK_QUEUE, (jobs) => this.deliverMany(jobs), {
      retryLimit: this.retryLimit,
      retryDelay: this.retryDelaySeconds,
      expireInSeconds: 60,
      // Up to 2 × 20 requests in flight per instance.
      batchSize: 20,
      workers: 2,
    });
  }

  /** Jobs for rows written in the same transaction. */
  jobsFor(ids: string[]) {
    return ids.map((id) => ({ name: WEBHOOK_QUEUE, data: { id } }));
  }

  /** Queues delivery of rows already committed (outside a transaction); a failure is left to requeueStranded. */
  async deliver(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.jobs.send(WEBHOOK_QUEUE, { id });
      } catch (err) {
        this.jobs.log.warn({ err, webhookDeliveryId: id }, 'could not queue webhook delivery yet; it will be requeued');
      }
    }
  }

  /** Same as the e-mail outbox: rows no job carries (never attempted and old, or claimed by a worker that died) are queued again; rows whose job still waits are left to it. */
  async requeueStranded(olderThanSeconds = 60, staleClaimSeconds = 300): Promise<number> {
    const stale = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'sending'), lt(webhookDeliveries.claimedAt, sql`now() - make_interval(secs => ${staleClaimSeconds})`)))
      .for('update', { skipLocked: true });
    await this.db.update(webhookDeliveries).set({ status: 'queued', claimedAt: null }).where(inArray(webhookDeliveries.id, stale));
    const rows = await this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'queued'), eq(webhookDeliveries.attempts, 0), lt(webhookDeliveries.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
      .limit(1000);
    if (!rows.length) return 0;
    const carried = await this.jobs.carriedIds(WEBHOOK_QUEUE, staleClaimSeconds);
    const stranded = rows.map((r) => r.id).filter((id) => !carried.has(id));
    await this.deliver(stranded);
    return stranded.length;
  }

  async deliverOne(id: string): Promise<void> {
    const [failure] = await this.deliverMany([{ id: 'one', data: { id } }]);
    if (failure) throw new Error(failure.error);
  }

  /** Claims the batch's deliveries in one statement, posts them concurrently, records the successes in one statement. */
  async deliverMany(jobs: { id: string; data: { id: string } }[]): Promise<{ id: string; error: string }[]> {
    const ids = [...new Set(jobs.map((j) => j.data.id))];
    const free = this.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(and(inArray(webhookDeliveries.id, ids), eq(webhookDeliveries.status, 'queued'))).for('update', { skipLocked: true });
    const claimed = await this.db.update(webhookDeliveries).set({ status: 'sending', claimedAt: new Date() }).where(inArray(webhookDeliveries.id, free)).returning();
    if (!claimed.length) return [];
    const outcomes = await Promise.all(claimed.map((row) => this.post(row)));
    const sent = claimed.filter((_, i) => outcomes[i].ok);
    if (sent.length) {
      await this.db
        .update(webhookDeliveries)
        .set({ status: 'sent', deliveredAt: new Date(), attempts: sql`${webhookDeliveries.attempts} + 1`, lastError: null, lastStatusCode: 200 })
        .where(inArray(webhookDeliveries.id, sent.map((r) => r.id)));
      // Record the real status code where it was not a plain 200 (rare: 201, 202, 204).
      for (const [i, row] of claimed.entries()) {
        const o = outcomes[i];
        if (o.ok && o.statusCode !== 200) await this.db.update(webhookDeliveries).set({ lastStatusCode: o.statusCode }).where(eq(webhookDeliveries.id, row.id));
      }
    }
    const retry: { id: string; error: string }[] = [];
    for (const [i, row] of claimed.entries()) {
      const o = outcomes[i];
      if (o.ok) continue;
      const attempts = row.attempts + 1;
      const finalFailure = !o.retryable || attempts > this.retryLimit;
      await this.db
        .update(webhookDeliveries)
        .set({ attempts, lastError: o.error, lastStatusCode: o.statusCode, status: finalFailure ? 'failed' : 'queued', claimedAt: null })
        .where(eq(webhookDeliveries.id, row.id));
      const carrier = jobs.find((job) => job.data.id === row.id)!;
      if (!finalFailure) retry.push({ id: carrier.id, error: o.error });
    }
    return retry;
  }

  private async post(row: typeof webhookDeliveries.$inferSelect): Promise<{ ok: true; statusCode: number } | { ok: false; retryable: boolean; error: string; statusCode: number | null }> {
    if (!isDeliverableUrl(row.url)) return { ok: false, retryable: false, error: `not an http(s) URL: ${row.url}`, statusCode: null };
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Milewide-Webhook/1', 'idempotency-key': row.id },
        body: JSON.stringify(row.payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const answer = (await res.text().catch(() => '')).slice(0, 200);
      if (res.ok) return { ok: true, statusCode: res.status };
      const error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${answer ? `: ${answer}` : ''}`;
      return { ok: false, retryable: res.status === 408 || res.status === 429 || res.status >= 500, error, statusCode: res.status };
    } catch (err) {
      const e = err as Error;
      // fetch rejects with a TypeError (network) or a TimeoutError/AbortError: both worth a retry.
      const error = e.name === 'TypeError' ? `network error: ${String((e.cause as Error | undefined)?.message ?? e.message)}` : e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message;
      return { ok: false, retryable: true, error, statusCode: null };
    }
  }
}
