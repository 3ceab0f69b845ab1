import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { JobEngine } from '../jobs/engine.js';
import type { Mailer } from './mailer.js';
import { outbox } from './schema.js';

export const EMAIL_QUEUE = 'email.send';
/** Retries after the first attempt; before retry n pg-boss waits between retryDelay * 2^(n-1) and retryDelay * 2^n seconds. */
export const MAX_EMAIL_ATTEMPTS = 8;

export interface EmailRetryOptions {
  retryLimit?: number;
  retryDelaySeconds?: number;
}

type Tx = Pick<Db, 'insert'>;

export interface EmailDraft {
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  kind: string;
}

/** Writes the message inside the caller's transaction; deliver() must be called after commit. */
export async function writeEmail(tx: Tx, draft: EmailDraft): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({ orgId: draft.orgId, toAddress: draft.to, subject: draft.subject, textBody: draft.text, kind: draft.kind })
    .returning({ id: outbox.id });
  return row.id;
}

export class EmailDelivery {
  private retryLimit: number;
  private retryDelaySeconds: number;

  constructor(
    private db: Db,
    private jobs: JobEngine,
    private mailer: Mailer,
    retry: EmailRetryOptions = {},
  ) {
    this.retryLimit = retry.retryLimit ?? MAX_EMAIL_ATTEMPTS;
    // With backoff, 30 s doubling over 8 retries rides out roughly an hour of SMTP outage.
    this.retryDelaySeconds = retry.retryDelaySeconds ?? 30;
  }

  register(): void {
    this.jobs.registerBatch<{ id: string }>(EMAIL_QUEUE, (jobs) => this.deliverMany(jobs), {
      retryLimit: this.retryLimit,
      retryDelay: this.retryDelaySeconds,
      // Escalation steps send bursts of e-mail: up to 2 × 10 messages in flight per instance (one
      // SMTP connection each, or shared ones with ?pool=true in SMTP_URL). A job stuck on a dead
      // instance is retried after 2 minutes.
      batchSize: 10,
      workers: 2,
      expireInSeconds: 120,
    });
  }

  /**
   * Queues delivery of messages already committed to the outbox. If the job cannot be queued (the
   * job engine is still starting, or the database blinked), the message stays "queued" and
   * requeueStranded picks it up; the change that wrote it is not failed for that.
   */
  async deliver(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.jobs.send(EMAIL_QUEUE, { id });
      } catch (err) {
        this.jobs.log.warn({ err, outboxId: id }, 'could not queue e-mail delivery yet; it will be requeued');
      }
    }
  }

  /**
   * Re-queues messages that no job is carrying: never attempted and older than the given age (a
   * crash between commit and queueing), or claimed by a worker that died mid-send. A message whose
   * job is still waiting (a backlog) is left to that job. Delivery claims each message, so a
   * message queued twice is still sent once.
   */
  async requeueStranded(olderThanSeconds = 30, staleClaimSeconds = 300): Promise<number> {
    const stale = this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'sending'), lt(outbox.claimedAt, sql`now() - make_interval(secs => ${staleClaimSeconds})`)))
      .for('update', { skipLocked: true });
    await this.db.update(outbox).set({ status: 'queued', claimedAt: null }).where(inArray(outbox.id, stale));
    const rows = await this.db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'queued'), eq(outbox.attempts, 0), lt(outbox.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
      .limit(1000);
    if (!rows.length) return 0;
    const carried = await this.jobs.carriedIds(EMAIL_QUEUE, staleClaimSeconds);
    const stranded = rows.map((r) => r.id).filter((id) => !carried.has(id));
    await this.deliver(stranded);
    return stranded.length;
  }

  /** Idempotent: a message already sent or captured is left alone, so a repeated job sends nothing twice. */
  async deliverOne(id: string): Promise<void> {
    const [failure] = await this.deliverMany([{ id: 'one', data: { id } }]);
    if (failure) throw new Error(failure.error);
  }

  /**
   * Delivers the messages of a batch of jobs: claims them all in one statement (of two jobs for the
   * same message only one gets it), sends them concurrently, and records the successes in one
   * statement. Returns the jobs whose message must be tried again.
   */
  async deliverMany(jobs: { id: string; data: { id: string } }[]): Promise<{ id: string; error: string }[]> {
    const ids = [...new Set(jobs.map((j) => j.data.id))];
    // SKIP LOCKED: a row another worker (or the stale-claim sweep) holds right now is theirs; no
    // waiting on each other, so batches never deadlock.
    const free = this.db.select({ id: outbox.id }).from(outbox).where(and(inArray(outbox.id, ids), eq(outbox.status, 'queued'))).for('update', { skipLocked: true });
    const claimed = await this.db.update(outbox).set({ status: 'sending', claimedAt: new Date() }).where(inArray(outbox.id, free)).returning();
    if (!claimed.length) return [];
    if (!this.mailer.configured) {
      await this.db.update(outbox).set({ status: 'captured', deliveredAt: new Date() }).where(inArray(outbox.id, claimed.map((m) => m.id)));
      return [];
    }
    const results = await Promise.allSettled(claimed.map((msg) => this.mailer.send({ to: msg.toAddress, subject: msg.subject, text: msg.textBody, messageKey: `outbox-${msg.id}` })));
    const sent = claimed.filter((_, i) => results[i].status === 'fulfilled');
    if (sent.length) {
      await this.db
        .update(outbox)
        .set({ status: 'sent', deliveredAt: new Date(), attempts: sql`${outbox.attempts} + 1`, lastError: null })
        .where(inArray(outbox.id, sent.map((m) => m.id)));
    }
    const retry: { id: string; error: string }[] = [];
    for (const [i, msg] of claimed.entries()) {
      const result = results[i];
      if (result.status === 'fulfilled') continue;
      const err = result.reason as Error & { responseCode?: number };
      const attempts = msg.attempts + 1;
      // A 5xx reply (no such mailbox, relay refused) will not change on retry; 4xx and network errors may.
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
      const finalFailure = permanent || attempts > this.retryLimit;
      await this.db
        .update(outbox)
        .set({ attempts, lastError: String(err.message ?? err), status: finalFailure ? 'failed' : 'queued', claimedAt: null })
        .where(eq(outbox.id, msg.id));
      // The first job carrying the message retries it; copies of that job in the batch are done.
      const carrier = jobs.find((job) => job.data.id === msg.id)!;
      if (!finalFailure) retry.push({ id: carrier.id, error: String(err.message ?? err) });
    }
    return retry;
  }
}
