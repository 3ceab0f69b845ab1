import { and, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { can, type Actor } from '../access/policy.js';
import { notFound } from '../http/errors.js';
import { issuerForOrg, vaultOf } from './issuer.js';
import { credentialVerifyPageUrl, verificationMethodId } from './issuer-identity.js';
import { certificatePdf } from './certificate-pdf.js';
import { people } from '../identity/schema.js';
import { publishedKeys, rotateKey } from './keys.js';
import { renewalSchema, renewalStatus, renewCredential } from './renewal.js';
import { revokeCredential } from './revoke.js';
import { credentials } from './schema.js';
import { credentialSchema, credentialView } from './views.js';

const credentialParams = z.object({ id: z.uuid('must be a credential id (UUID)') });
const keySchema = z.object({ kid: z.string(), status: z.enum(['active', 'retired']), createdAt: z.string(), retiredAt: z.string().nullable(), publicJwk: z.record(z.string(), z.string()) });

/** A credential the actor may see: their own, or any of the organisation's for `certify.manage`. */
export async function visibleCredential(ctx: AppContext, actor: Actor, id: string) {
  const [row] = await ctx.db.select().from(credentials).where(and(eq(credentials.id, id), eq(credentials.orgId, actor.orgId)));
  if (!row || (row.personId !== actor.personId && !can(actor, 'certify.manage'))) throw notFound('Credential');
  return row;
}

/** Holders' credentials, revocation and issuer keys. */
export function credentialRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const orgName = async (orgId: string) => (await issuerForOrg(ctx.db, ctx.config.publicUrl, orgId))?.name ?? '';

    app.get(
      '/credentials',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['credentials'],
          summary: 'Your credentials (administrators: anyone’s with ?personId=), each with its renewal status: continuing-education hours earned since issue and needed',
          querystring: z.object({ personId: z.uuid().optional() }),
          response: { 200: z.object({ items: z.array(credentialSchema.extend({ renewal: renewalSchema.nullable() })) }) },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const personId = request.query.personId && can(actor, 'certify.manage') ? request.query.personId : actor.personId;
        const rows = await ctx.db.select().from(credentials).where(and(eq(credentials.orgId, actor.orgId), eq(credentials.personId, personId))).orderBy(desc(credentials.validFrom));
        const name = await orgName(actor.orgId);
        const items = [];
        for (const r of rows) items.push({ ...credentialView(r, ctx.config.publicUrl, name), renewal: await renewalStatus(ctx.db, r) });
        return { items };
      },
    );

    app.get(
      '/credentials/:id',
      { config: { access: 'signed-in' }, schema: { tags: ['credentials'], summary: 'One credential, with its VC-JWT, verification page and "add to profile" link', params: credentialParams, response: { 200: credentialSchema } } },
      async (request) => {
        const row = await visibleCredential(ctx, request.actor!, request.params.id);
        return credentialView(row, ctx.config.publicUrl, await orgName(row.orgId));
      },
    );

    app.post(
      '/credentials/:id/revoke',
      {
        config: { access: 'certify.manage' },
        schema: { tags: ['credentials'], summary: 'Revoke a credential: sets its bit in the published status list', params: credentialParams, body: z.object({ reason: z.string().trim().min(3, 'say why the credential is revoked (at least 3 characters)').max(500) }), response: { 200: credentialSchema } },
      },
      async (request) => {
        const row = await revokeCredential(ctx.db, request.actor!, request.params.id, request.body.reason);
        return credentialView(row, ctx.config.publicUrl, await orgName(row.orgId));
      },
    );

    app.get(
      '/credentials/:id/certificate.pdf',
      { config: { access: 'signed-in' }, schema: { tags: ['credentials'], summary: 'PDF certificate with a QR code to the public verification page (holder and administrators)', params: credentialParams } },
      async (request, reply) => {
        const row = await visibleCredential(ctx, request.actor!, request.params.id);
        const issuer = (await issuerForOrg(ctx.db, ctx.config.publicUrl, row.orgId))!;
        const [person] = await ctx.db.select({ name: people.name }).from(people).where(eq(people.id, row.personId));
        const pdf = await certificatePdf({
          recipientName: person?.name ?? '',
          programName: row.achievementName,
          issuerName: issuer.name,
          issuerId: issuer.did,
          credentialId: row.id,
          validFrom: row.validFrom,
          validUntil: row.validUntil,
          verifyUrl: credentialVerifyPageUrl(ctx.config.publicUrl, row.id),
        });
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="certificate-${row.id}.pdf"`).send(Buffer.from(pdf));
      },
    );

    app.post(
      '/credentials/:id/renew',
      { config: { access: 'signed-in' }, schema: { tags: ['credentials'], summary: 'Renew your credential with continuing-education hours earned since it was issued', params: credentialParams, response: { 201: credentialSchema } } },
      async (request, reply) => {
        const fresh = await renewCredential(ctx, request.actor!, request.params.id);
        return reply.status(201).send(credentialView(fresh, ctx.config.publicUrl, await orgName(fresh.orgId)));
      },
    );

    const keysView = async (orgId: string) => {
      const issuer = (await issuerForOrg(ctx.db, ctx.config.publicUrl, orgId))!;
      const keys = await publishedKeys(ctx.db, orgId);
      return { issuer: issuer.did, jwksUrl: issuer.jwksUrl, didDocumentUrl: issuer.didDocumentUrl, keys: keys.map((k) => ({ kid: verificationMethodId(issuer.did, k.keyName), status: k.status, createdAt: k.createdAt.toISOString(), retiredAt: k.retiredAt?.toISOString() ?? null, publicJwk: k.publicJwk })) };
    };
    const keysResponse = z.object({ issuer: z.string(), jwksUrl: z.string(), didDocumentUrl: z.string(), keys: z.array(keySchema) });

    app.get('/certify/keys', { config: { access: 'certify.manage' }, schema: { tags: ['credentials'], summary: "The organisation's signing keys (public parts)", response: { 200: keysResponse } } }, async (request) => keysView(request.actor!.orgId));
    app.post(
      '/certify/keys/rotate',
      { config: { access: 'certify.manage' }, schema: { tags: ['credentials'], summary: 'Rotate the signing key: new credentials use a new key, old keys stay published', response: { 200: keysResponse } } },
      async (request) => {
        await rotateKey(ctx.db, vaultOf(ctx), request.actor!);
        return keysView(request.actor!.orgId);
      },
    );
  };
}
