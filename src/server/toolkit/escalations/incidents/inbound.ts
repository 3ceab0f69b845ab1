import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, isNotNull, lt, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, notFound } from '../../../http/errors.js';
import { loadPublishedSnapshot } from '../binder/published.js';
import { escalationProcedures } from '../binder/schema.js';
import type { ProcedureSnapshot } from '../procedure-snapshot.js';
import { incidentInboundRequests, incidentSettings } from './schema.js';
import { openIncident } from './service.js';
import type { Ctx } from './facts.js';

export const TIMESTAMP_HEADER = 'x-milewide-timestamp';
export const SIGNATURE_HEADER = 'x-milewide-signature';
/** How far the sender's timestamp may be from the server's clock. */
export const MAX_SKEW_SECONDS = 300;
export const INBOUND_NAME = 'Monitoring (inbound webhook)';

export const inboundBody = z
  .object({
    procedureId: z.uuid('must be a procedure id (UUID)').optional(),
    situation: z.string().trim().min(1).max(100).optional(),
    title: z.string().trim().min(1).max(200).optional(),
    details: z.string().trim().max(5000).optional(),
    /** The alert's id in the monitoring tool; shown on the incident. */
    externalRef: z.string().trim().min(1).max(200).optional(),
    /** A unique id per request; a second request with the same id is refused (409). Without it, the signature itself is the request id. */
    requestId: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((b) => !!b.procedureId !== !!b.situation, { message: 'send exactly one of procedureId or situation', path: ['procedureId'] });

/** The signature a sender puts in X-Milewide-Signature: HMAC-SHA256 over "<timestamp>.<raw body>", hex. */
export function signInbound(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

const unauthorised = (message: string) => new AppError(401, 'bad_signature', message);

/** Checks the timestamp window and the signature; throws 401 with what to fix. */
export function verifyInbound(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string, nowSeconds = Date.now() / 1000): string {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const timestamp = one(TIMESTAMP_HEADER);
  const signature = one(SIGNATURE_HEADER);
  if (!timestamp || !signature) {
    throw unauthorised(`The request is not signed. Send ${TIMESTAMP_HEADER}: <Unix time in seconds> and ${SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with your inbound secret>.`);
  }
  if (!/^\d{9,11}$/.test(timestamp)) throw unauthorised(`${TIMESTAMP_HEADER} must be the Unix time in whole seconds, e.g. ${Math.floor(nowSeconds)}.`);
  const skew = Math.abs(nowSeconds - Number(timestamp));
  if (skew > MAX_SKEW_SECONDS) {
    throw unauthorised(`${TIMESTAMP_HEADER} is ${Math.round(skew)} s away from the server's clock (at most ${MAX_SKEW_SECONDS} s allowed): sign with the current time and send it at once.`);
  }
  const expected = Buffer.from(signInbound(secret, timestamp, rawBody));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw unauthorised(`${SIGNATURE_HEADER} does not match: compute HMAC-SHA256 over the timestamp, a dot and the exact body bytes, keyed with the current inbound secret.`);
  }
  return signature;
}

async function snapshotFor(ctx: Ctx, orgId: string, body: z.infer<typeof inboundBody>): Promise<ProcedureSnapshot> {
  if (body.procedureId) return loadPublishedSnapshot(ctx.db, orgId, body.procedureId);
  const rows = await ctx.db
    .select({ id: escalationProcedures.id })
    .from(escalationProcedures)
    .where(and(eq(escalationProcedures.orgId, orgId), eq(escalationProcedures.situation, body.situation!), isNotNull(escalationProcedures.currentVersion), ne(escalationProcedures.status, 'archived')));
  if (rows.length === 0) throw notFound(`A published procedure for the situation "${body.situation}"`);
  if (rows.length > 1) throw conflict(`${rows.length} published procedures have the situation "${body.situation}"; send procedureId to say which one`);
  return loadPublishedSnapshot(ctx.db, orgId, rows[0].id);
}

export async function inboundSecretOf(ctx: Ctx, orgId: string): Promise<string> {
  const [row] = await ctx.db.select({ secret: incidentSettings.inboundSecret }).from(incidentSettings).where(eq(incidentSettings.orgId, orgId));
  if (!row?.secret) throw notFound('An inbound incident webhook for this organisation');
  return row.secret;
}

/** Opens an incident from a verified inbound request, refusing a request id (or signature) seen before. */
export async function openFromInbound(ctx: Ctx, orgId: string, signature: string, body: z.infer<typeof inboundBody>) {
  const snapshot = await snapshotFor(ctx, orgId, body);
  const requestId = body.requestId ?? `sig:${createHash('sha256').update(signature).digest('hex').slice(0, 32)}`;
  return openIncident(ctx, { actor: null, personId: null, name: INBOUND_NAME }, orgId, {
    snapshot,
    title: body.title,
    details: body.details,
    source: 'webhook',
    externalRef: body.externalRef ?? null,
    inTransaction: async (tx) => {
      const [fresh] = await tx.insert(incidentInboundRequests).values({ orgId, requestId }).onConflictDoNothing().returning({ requestId: incidentInboundRequests.requestId });
      if (!fresh) {
        const [seen] = await tx.select().from(incidentInboundRequests).where(and(eq(incidentInboundRequests.orgId, orgId), eq(incidentInboundRequests.requestId, requestId)));
        throw new AppError(409, 'replayed', `This request was already received${body.requestId ? ` (requestId "${body.requestId}")` : ''} at ${seen?.receivedAt.toISOString() ?? 'an earlier time'}; a replayed request opens nothing. Send a new requestId and signature for a new alert.`);
      }
    },
  });
}

/** Forgets request ids older than a day: requests that old fail the timestamp check anyway. */
export async function pruneInboundRequests(ctx: Pick<Ctx, 'db'>): Promise<void> {
  await ctx.db.delete(incidentInboundRequests).where(lt(incidentInboundRequests.receivedAt, sql`now() - interval '1 day'`));
}
