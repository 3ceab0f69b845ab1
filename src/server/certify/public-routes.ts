import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { issuerBySlug } from './issuer.js';
import { issuerDidDocument, issuerJwks, issuerProfile, signedStatusListCredential, statusListCredential } from './published-documents.js';
import { findCredential, verifyCredentialJwt } from './verify.js';
import { verificationSchema } from './views.js';

const slugParams = z.object({ slug: z.string().min(1).max(200) });
const credentialParams = z.object({ id: z.uuid('must be a credential id (UUID)') });
const publicRate = { max: 120, timeWindow: '1 minute' };

/** What anyone may read without signing in: issuer documents and credential verification. */
export function certifyPublicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const issuerOr404 = async (slug: string) => {
      const issuer = await issuerBySlug(ctx.db, ctx.config.publicUrl, slug);
      if (!issuer) throw notFound('Issuer');
      return issuer;
    };
    const cors = { 'access-control-allow-origin': '*' };

    app.get('/public/issuers/:slug', { config: { access: 'public' }, schema: { tags: ['credentials'], summary: 'Open Badges 3.0 issuer Profile of an organisation', params: slugParams } }, async (request, reply) =>
      reply.headers(cors).send(issuerProfile(await issuerOr404(request.params.slug))),
    );
    app.get('/public/issuers/:slug/did.json', { config: { access: 'public' }, schema: { tags: ['credentials'], summary: 'did:web document of the issuer (all keys, active and retired)', params: slugParams } }, async (request, reply) =>
      reply.headers(cors).type('application/did+json').send(await issuerDidDocument(ctx.db, await issuerOr404(request.params.slug))),
    );
    app.get('/public/issuers/:slug/jwks.json', { config: { access: 'public' }, schema: { tags: ['credentials'], summary: "The issuer's public keys as a JWKS", params: slugParams } }, async (request, reply) =>
      reply.headers(cors).type('application/jwk-set+json').send(await issuerJwks(ctx.db, await issuerOr404(request.params.slug))),
    );
    app.get(
      '/public/issuers/:slug/status/revocation',
      {
        config: { access: 'public' },
        schema: {
          tags: ['credentials'],
          summary: 'Bitstring Status List credential (revocation), signed as a VC-JWT',
          description: 'Answers the VC-JWT (`application/vc+jwt`) unless the request asks for JSON (`Accept: application/json` or `application/vc`), which gets the unsecured JSON document.',
          params: slugParams,
        },
      },
      async (request, reply) => {
        const issuer = await issuerOr404(request.params.slug);
        const accept = request.headers.accept ?? '';
        const wantsJson = !accept.includes('jwt') && /application\/(json|ld\+json|vc\b)/.test(accept);
        reply.headers({ ...cors, 'cache-control': 'no-cache', vary: 'accept' });
        if (wantsJson) return reply.send(await statusListCredential(ctx.db, issuer));
        return reply.type('application/vc+jwt').send(await signedStatusListCredential(ctx, issuer));
      },
    );

    app.get(
      '/public/credentials/:id/verify',
      { config: { access: 'public', rateLimit: publicRate }, schema: { tags: ['credentials'], summary: 'Verify an issued credential: valid, expired, revoked or tampered, with reasons', params: credentialParams, response: { 200: verificationSchema } } },
      async (request, reply) => {
        const row = await findCredential(ctx.db, request.params.id);
        if (!row) throw notFound('Credential');
        return reply.headers(cors).send(await verifyCredentialJwt(ctx.db, ctx.config.publicUrl, row.jwt));
      },
    );
    app.post(
      '/public/credentials/verify',
      {
        config: { access: 'public', rateLimit: publicRate },
        schema: { tags: ['credentials'], summary: 'Verify a VC-JWT you were given', body: z.object({ jwt: z.string().min(1, 'paste the credential (a VC-JWT)').max(20_000) }), response: { 200: verificationSchema } },
      },
      async (request, reply) => reply.headers(cors).send(await verifyCredentialJwt(ctx.db, ctx.config.publicUrl, request.body.jwt.trim())),
    );
  };
}
