import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { lrsSettings, xapiStatements } from '../schema.js';
import { LRS_FORWARD_QUEUE } from './forward-kick.js';

export const XAPI_VERSION = '1.0.3';
const BATCH = 100;
const BATCHES_PER_RUN = 20;
const CLAIM_STALE_SECONDS = 120;
const REQUEST_TIMEOUT_MS = 15_000;

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
 * per organisation at a time (a claim on the settings row, not a held transaction). A failed batch
 * is recorded on its statements and the settings, and the error rethrown so the job engine retries
 * with backoff. Statement ids make a repeated POST harmless to the LRS.
 */
export async function forwardForOrg(ctx: AppContext, orgId: string): Promise<number> {
  const [settings] = await ctx.db
    .update(lrsSettings)
    .set({ claimedAt: new Date() })
    .where(and(eq(lrsSettings.orgId, orgId), eq(lrsSettings.enabled, true), or(isNull(lrsSettings.claimedAt), lt(lrsSettings.claimedAt, sql`now() - make_interval(secs => ${CLAIM_STALE_SECONDS})`))))
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
        await ctx.db.update(xapiStatements).set({ forwardAttempts: sql`${xapiStatements.forwardAttempts} + 1`, lastError: message }).where(inArray(xapiStatements.id, ids));
        await ctx.db.update(lrsSettings).set({ lastError: message, lastErrorAt: new Date() }).where(eq(lrsSettings.orgId, orgId));
        throw err;
      }
      const now = new Date();
      await ctx.db.update(xapiStatements).set({ forwardedAt: now, lastError: null }).where(inArray(xapiStatements.id, ids));
      await ctx.db.update(lrsSettings).set({ lastForwardedAt: now, lastError: null, lastErrorAt: null }).where(eq(lrsSettings.orgId, orgId));
      forwarded += rows.length;
    }
    // More than one run's worth: carry on in a fresh job rather than holding this one.
    await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId });
    return forwarded;
  } finally {
    await ctx.db.update(lrsSettings).set({ claimedAt: null }).where(eq(lrsSettings.orgId, orgId));
  }
}

/** Every minute: queue forwarding for organisations with statements waiting (retries after an outage too). */
export async function queuePendingForwards(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .select({ orgId: lrsSettings.orgId })
    .from(lrsSettings)
    // While an outage is being retried with backoff (an error in the last half hour), the retrying
    // job owns the organisation; the sweep only restarts forwarding after that.
    .where(and(eq(lrsSettings.enabled, true), or(isNull(lrsSettings.lastErrorAt), lt(lrsSettings.lastErrorAt, sql`now() - interval '30 minutes'`)), sql`exists (select 1 from ${xapiStatements} s where s.org_id = ${lrsSettings.orgId} and s.forwarded_at is null)`));
  for (const r of rows) await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId: r.orgId }, { singletonKey: r.orgId, singletonSeconds: 60 });
  return rows.length;
}
