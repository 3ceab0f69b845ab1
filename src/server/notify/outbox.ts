import type { Db } from '../db/client.js';
import type { JobEngine } from '../jobs/engine.js';
import type { Mailer } from './mailer.js';
import { outbox } from './schema.js';
import { ClaimedDelivery, type SendOutcome } from './claimed-delivery.js';

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
  private core: ClaimedDelivery<typeof outbox>;

  constructor(
    db: Db,
    private jobs: JobEngine,
    private mailer: Mailer,
    retry: EmailRetryOptions = {},
  ) {
    this.retryLimit = retry.retryLimit ?? MAX_EMAIL_ATTEMPTS;
    // With backoff, 30 s doubling over 8 retries rides out roughly an hour of SMTP outage.
    this.retryDelaySeconds = retry.retryDelaySeconds ?? 30;
    this.core = new ClaimedDelivery({ db, jobs, table: outbox, queue: EMAIL_QUEUE, retryLimit: this.retryLimit, logKey: 'outboxId', send: (rows) => this.send(rows) });
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

  /** Queues delivery of messages already committed to the outbox (see ClaimedDelivery.deliver). */
  deliver(ids: string[]): Promise<void> {
    return this.core.deliver(ids);
  }

  /** Re-queues messages no job carries (see ClaimedDelivery.requeueStranded). */
  requeueStranded(olderThanSeconds = 30, staleClaimSeconds = 300): Promise<number> {
    return this.core.requeueStranded(olderThanSeconds, staleClaimSeconds);
  }

  /** Idempotent: a message already sent or captured is left alone, so a repeated job sends nothing twice. */
  deliverOne(id: string): Promise<void> {
    return this.core.deliverOne(id);
  }

  deliverMany(jobs: { id: string; data: { id: string } }[]): Promise<{ id: string; error: string }[]> {
    return this.core.deliverMany(jobs);
  }

  /** Without SMTP the messages are kept as "captured" for administrators to read; with it, sent concurrently. */
  private async send(rows: (typeof outbox.$inferSelect)[]): Promise<SendOutcome[]> {
    if (!this.mailer.configured) return rows.map(() => ({ ok: true, status: 'captured', countsAsAttempt: false }));
    const results = await Promise.allSettled(rows.map((msg) => this.mailer.send({ to: msg.toAddress, subject: msg.subject, text: msg.textBody, messageKey: `outbox-${msg.id}` })));
    return results.map((result) => {
      if (result.status === 'fulfilled') return { ok: true };
      const err = result.reason as Error & { responseCode?: number };
      // A 5xx reply (no such mailbox, relay refused) will not change on retry; 4xx and network errors may.
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
      return { ok: false, retryable: !permanent, error: String(err.message ?? err) };
    });
  }
}
