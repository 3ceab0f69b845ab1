import { and, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Actor } from '../../access/policy.js';
import { badRequest, notFound } from '../../http/errors.js';
import { recordAudit } from '../../audit/service.js';
import { lrsSettings, xapiStatements } from '../schema.js';
import { LRS_FORWARD_QUEUE } from './forward-kick.js';

export interface LrsInput {
  endpoint: string;
  key: string;
  /** Omitted: keep the stored secret. */
  secret?: string;
  enabled: boolean;
}

/** The base URL of the LRS's xAPI endpoint, without a trailing slash; statements go to <endpoint>/statements. */
export function normaliseEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badRequest('endpoint must be a full URL such as https://lrs.example.com/xapi/', [{ path: 'body.endpoint', message: 'not a URL' }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('endpoint must start with https:// (or http:// on a private network)', [{ path: 'body.endpoint', message: 'must be http or https' }]);
  if (url.username || url.password) throw badRequest('put the LRS key and secret in their own fields, not in the URL', [{ path: 'body.endpoint', message: 'must not contain credentials' }]);
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '').replace(/\/statements$/, '');
}

/** Shows that a secret is stored and lets an admin recognise it, without giving it away. */
export function secretHint(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

export async function getLrs(ctx: AppContext, actor: Actor) {
  const [row] = await ctx.db.select().from(lrsSettings).where(eq(lrsSettings.orgId, actor.orgId));
  const [{ pending }] = await ctx.db.select({ pending: sql<number>`count(*)::int` }).from(xapiStatements).where(and(eq(xapiStatements.orgId, actor.orgId), isNull(xapiStatements.forwardedAt)));
  if (!row) return { configured: false, enabled: false, endpoint: null, key: null, secretHint: null, lastForwardedAt: null, lastError: null, lastErrorAt: null, pending: Number(pending) };
  return {
    configured: true,
    enabled: row.enabled,
    endpoint: row.endpoint,
    key: row.authKey,
    secretHint: secretHint(row.authSecret),
    lastForwardedAt: row.lastForwardedAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    pending: Number(pending),
  };
}

export async function putLrs(ctx: AppContext, actor: Actor, input: LrsInput) {
  const endpoint = normaliseEndpoint(input.endpoint);
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(lrsSettings).where(eq(lrsSettings.orgId, actor.orgId)).for('update');
    const secret = input.secret ?? before?.authSecret;
    if (!secret) throw badRequest('secret is required the first time the LRS is set up', [{ path: 'body.secret', message: 'required' }]);
    const values = { endpoint, authKey: input.key, authSecret: secret, enabled: input.enabled, updatedAt: new Date(), lastError: null, lastErrorAt: null, consecutiveFailures: 0, nextAttemptAt: null };
    await tx.insert(lrsSettings).values({ orgId: actor.orgId, ...values }).onConflictDoUpdate({ target: lrsSettings.orgId, set: values });
    const shown = (r: { endpoint: string; authKey: string; enabled: boolean } | undefined) => (r ? { endpoint: r.endpoint, key: r.authKey, enabled: r.enabled } : null);
    await recordAudit(tx, actor, {
      action: 'lrs.settings.update',
      entityType: 'lrs_settings',
      entityId: actor.orgId,
      before: shown(before),
      after: { ...shown({ endpoint, authKey: input.key, enabled: input.enabled }), secretChanged: input.secret !== undefined && input.secret !== before?.authSecret },
    });
  });
  if (input.enabled) await ctx.jobs.send(LRS_FORWARD_QUEUE, { orgId: actor.orgId }).catch((err) => ctx.log.warn({ err }, 'could not queue LRS forwarding'));
  return getLrs(ctx, actor);
}

/** Forgets the LRS and its credentials; statements stay in Milewide. */
export async function deleteLrs(ctx: AppContext, actor: Actor): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.delete(lrsSettings).where(eq(lrsSettings.orgId, actor.orgId)).returning();
    if (!before) throw notFound('LRS forwarding setup');
    await recordAudit(tx, actor, { action: 'lrs.settings.delete', entityType: 'lrs_settings', entityId: actor.orgId, before: { endpoint: before.endpoint, key: before.authKey, enabled: before.enabled } });
  });
}
