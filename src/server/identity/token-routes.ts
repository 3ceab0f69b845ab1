import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, notFound } from '../http/errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { newSecret } from '../http/tokens.js';
import { recordAudit } from '../audit/service.js';
import { apiTokens } from './schema.js';
import { API_TOKEN_PREFIX } from './sessions.js';

const tokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};
const MAX_ACTIVE_TOKENS = 25;

export function tokenRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tokens',
      { config: { access: 'signed-in' }, schema: { tags: ['tokens'], summary: 'Your personal API tokens', querystring: pageQuery, response: { 200: pageOf(tokenSchema) } } },
      async (request) => {
        const mine = eq(apiTokens.personId, request.actor!.personId);
        const { limit, offset } = request.query;
        const items = await ctx.db.select(columns).from(apiTokens).where(mine).orderBy(desc(apiTokens.createdAt)).limit(limit).offset(offset);
        const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(apiTokens).where(mine);
        return { items, total: Number(row.n), limit, offset };
      },
    );

    app.post(
      '/tokens',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['tokens'],
          summary: 'Create a personal API token (shown once)',
          body: z.strictObject({ name: z.string().trim().min(1, 'is required').max(80), expiresInDays: z.number().int().min(1).max(730).optional() }),
          response: { 201: tokenSchema.extend({ token: z.string() }) },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        if (actor.via === 'token') throw new AppError(403, 'forbidden', 'Create API tokens from a signed-in browser session, not with another token');
        const [active] = await ctx.db
          .select({ n: sql<number>`count(*)::int` })
          .from(apiTokens)
          .where(and(eq(apiTokens.personId, actor.personId), sql`${apiTokens.revokedAt} is null`));
        if (Number(active.n) >= MAX_ACTIVE_TOKENS) throw new AppError(409, 'too_many_tokens', `You already have ${MAX_ACTIVE_TOKENS} active tokens; revoke one first`);
        const { token, hash } = newSecret(API_TOKEN_PREFIX);
        const expiresAt = request.body.expiresInDays ? new Date(Date.now() + request.body.expiresInDays * 86_400_000) : null;
        const row = await ctx.db.transaction(async (tx) => {
          const [created] = await tx
            .insert(apiTokens)
            .values({ personId: actor.personId, name: request.body.name, prefix: token.slice(0, 10), tokenHash: hash, expiresAt })
            .returning(columns);
          await recordAudit(tx, actor, { action: 'api_token.create', entityType: 'api_token', entityId: created.id, after: { name: created.name, expiresAt } });
          return created;
        });
        return reply.status(201).send({ ...row, token });
      },
    );

    app.delete(
      '/tokens/:id',
      { config: { access: 'signed-in' }, schema: { tags: ['tokens'], summary: 'Revoke one of your API tokens', params: z.object({ id: z.uuid() }) } },
      async (request, reply) => {
        const actor = request.actor!;
        await ctx.db.transaction(async (tx) => {
          const [row] = await tx
            .update(apiTokens)
            .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
            .where(and(eq(apiTokens.id, request.params.id), eq(apiTokens.personId, actor.personId)))
            .returning(columns);
          if (!row) throw notFound('API token');
          await recordAudit(tx, actor, { action: 'api_token.revoke', entityType: 'api_token', entityId: row.id, before: { name: row.name } });
        });
        return reply.status(204).send();
      },
    );
  };
}
