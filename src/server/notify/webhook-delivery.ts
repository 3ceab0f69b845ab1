import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { JobEngine } from '../jobs/engine.js';
import { webhookDeliveries } from './webhook-schema.js';
import { ClaimedDelivery, type SendOutcome } from './claimed-delivery.js';

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
  private core: ClaimedDelivery<typeof webhookDeliveries>;

  constructor(
    db: Db,
    private jobs: JobEngine,
    retry: WebhookRetryOptions = {},
  ) {
    this.retryLimit = retry.retryLimit ?? MAX_WEBHOOK_ATTEMPTS;
    // 30 s doubling over 8 retries rides out about an hour of a chat tool being down.
    this.retryDelaySeconds = retry.retryDelaySeconds ?? 30;
    this.core = new ClaimedDelivery({ db, jobs, table: webhookDeliveries, queue: WEBHOOK_QUEUE, retryLimit: this.retryLimit, logKey: 'webhookDeliveryId', send: (rows) => Promise.all(rows.map((row) => this.post(row))) });
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
  deliver(ids: string[]): Promise<void> {
    return this.core.deliver(ids);
  }

  /** Same as the e-mail outbox (see ClaimedDelivery.requeueStranded). */
  requeueStranded(olderThanSeconds = 60, staleClaimSeconds = 300): Promise<number> {
    return this.core.requeueStranded(olderThanSeconds, staleClaimSeconds);
  }

  deliverOne(id: string): Promise<void> {
    return this.core.deliverOne(id);
  }

  deliverMany(jobs: { id: string; data: { id: string } }[]): Promise<{ id: string; error: string }[]> {
    return this.core.deliverMany(jobs);
  }

  /** One POST; the receiver's status code is kept on the row whatever it was. */
  private async post(row: typeof webhookDeliveries.$inferSelect): Promise<SendOutcome> {
    if (!isDeliverableUrl(row.url)) return { ok: false, retryable: false, error: `not an http(s) URL: ${row.url}`, set: { lastStatusCode: null } };
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Milewide-Webhook/1', 'idempotency-key': row.id },
        body: JSON.stringify(row.payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const answer = (await res.text().catch(() => '')).slice(0, 200);
      if (res.ok) return { ok: true, set: { lastStatusCode: res.status } };
      const error = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${answer ? `: ${answer}` : ''}`;
      return { ok: false, retryable: res.status === 408 || res.status === 429 || res.status >= 500, error, set: { lastStatusCode: res.status } };
    } catch (err) {
      const e = err as Error;
      // fetch rejects with a TypeError (network) or a TimeoutError/AbortError: both worth a retry.
      const error = e.name === 'TypeError' ? `network error: ${String((e.cause as Error | undefined)?.message ?? e.message)}` : e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message;
      return { ok: false, retryable: true, error, set: { lastStatusCode: null } };
    }
  }
}
