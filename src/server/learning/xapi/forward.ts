import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { lrsSettings, xapiStatements } from '../schema.js';
import { LRS_FORWARD_QUEUE } from './forward-kick.js';

export const XAPI_VERSION = '1.0.3';
const BATCH = 100;
const BATCHES_PER_RUN = 20;
const CLAIM_STALE_SECONDS = 120;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_BACKOFF_SECONDS = 3600;

export interface ForwardOptions {
  /** Delay before the first retry after a failure, doubling with each further failure (default 30 s). */
  retryDelaySeconds?: number;
}

export function backoffSeconds(failures: number, baseSeconds: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, baseSeconds * 2 ** Math.max(0, failures - 1));
}

async function post(endpoint: string, key: string, secret: string, statements: unknown[]): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${endpoint}/statements`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-experience-api-version': XAPI_VERSION,
        authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`,
      },
      body: JSON.stringify(statements),
      // Credentials must never follow a redirect to another host.
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`could not reach the LRS: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
  const body = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`the LRS answered ${res.status} ${res.statusText}${body ? `: ${body.slice(0, 200)}` : ''}`);
}

/**
 * Sends the organisation's unforwarded statements to its LRS in batches, oldest first. One worker
 * per organisation at a time (a claim on the settings row, not a held transaction). After a failed
 * batch (recorded on its statements and on the settings) the next run is scheduled with exponential
 * backoff; the backoff lives in the database, so a restart, a second instance or the minute sweep
 * all respect it. Statement ids make a repeated POST harmless to the LRS.
 */
export async function forwardForOrg(ctx: AppContext, orgId: string, options: ForwardOptions = {}): Promise<number> {
  const [settings] = await ctx.db
    .update(lrsSettings)
    .set({ claimedAt: new Date() })
    .where(
      and(
        eq(lrsSettings.orgId, orgId),
        eq(lrsSettings.enabled, true),
        or(isNull(lrsSettings.nextAttemptAt), lte(lrsSettings.nextAttemptAt, sql`now()`)),
        or(isNull(lrsSettings.claimedAt), lt(lrsSettings.claimedAt, sql`now() - make_interval(secs => ${CLAIM_STALE_SECONDS})`)),
      ),
    )
    .returning();
  if (!settings) return 0;
  let forwarded = 0;
  try {
    for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
      const rows = await ctx.db
        .select({ id: xapiStatements.id, statement: xapiStatements.statement })
        .from(xapiStatements)
        .where(and(eq(xapiStatements.orgId, orgId), isNull(xapiStatements.forwardedAt)))
        .orderBy(asc(xapiStatements.storedAt), asc(xapiStatements.id))
        .limit(BATCH);
      if (rows.length === 0) return forwarded;
      const ids = rows.map((r) => r.id);
      try {
        await post(settings.endpoint, settings.authKey, settings.authSecret, rows.map((r) => r.statement));
      } catch (err) {
        const message = (err as Error).message;
        const failures = settings.consecutiveFailures + 1;
        const retryAt = new Date(Date.now() + backoffSeconds(failures, options.retryDelaySeconds ?? 30) * 1000);
        await ctx.db.update(xapiStatements).set({ forwardAttempts: sql`${xapiStatements.forwardAttempts} + 1`, lastError: message }).where(inArray(xapiStatements.id, ids));
        await ctx.db.update(lrsSettings).set({ lastError: message, lastErrorAt: new Date(), consecutiveFailures: failures, nextAttemptAt: retryAt }).where(eq(lrsSettings.orgId, orgId));
        ctx.log.warn({ orgId, error: message, retryAt }, 'LRS forwarding failed; retrying later');
        // If this cannot be queued the minute sweep queues it once retryAt has passed.
        await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId }, { startAfter: retryAt }).catch(() => undefined);
        return forwarded;
      }
      const now = new Date();
      await ctx.db.update(xapiStatements).set({ forwardedAt: now, lastError: null }).where(inArray(xapiStatements.id, ids));
      await ctx.db.update(lrsSettings).set({ lastForwardedAt: now, lastError: null, lastErrorAt: null, consecutiveFailures: 0, nextAttemptAt: null }).where(eq(lrsSettings.orgId, orgId));
      settings.consecutiveFailures = 0;
      forwarded += rows.length;
    }
    // More than one run's worth: carry on in a fresh job rather than holding this one.
    await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId });
    return forwarded;
  } finally {
    await ctx.db.update(lrsSettings).set({ claimedAt: null }).where(eq(lrsSettings.orgId, orgId));
  }
}

/** Every minute: queue forwarding for organisations with statements waiting and no backoff running. */
export async function queuePendingForwards(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .select({ orgId: lrsSettings.orgId })
    .from(lrsSettings)
    // During a backoff the scheduled retry owns the organisation; the sweep only steps in once it is due.
    .where(and(eq(lrsSettings.enabled, true), or(isNull(lrsSettings.nextAttemptAt), lte(lrsSettings.nextAttemptAt, sql`now()`)), sql`exists (select 1 from ${xapiStatements} s where s.org_id = ${lrsSettings.orgId} and s.forwarded_at is null)`));
  for (const r of rows) await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId: r.orgId }, { singletonKey: r.orgId, singletonSeconds: 60 });
  return rows.length;
}
