import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { auditLog } from './schema.js';

const entrySchema = z.object({
  id: z.number().int(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

// zod's own message for an unparseable date reads "expected date, received Date".
const dateHint = 'must be a date or date-time such as 2026-03-31 or 2026-03-31T09:00:00Z';

export function auditRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/audit',
      {
        config: { access: 'audit.read' },
        schema: {
          tags: ['admin'],
          summary: 'Who changed what and when, newest first',
          querystring: pageQuery.extend({
            action: z.string().max(100).optional(),
            entityType: z.string().max(100).optional(),
            entityId: z.string().max(100).optional(),
            actorId: z.uuid().optional(),
            from: z.coerce.date({ error: dateHint }).optional(),
            to: z.coerce.date({ error: dateHint }).optional(),
          }),
          response: { 200: pageOf(entrySchema) },
        },
      },
      async (request) => {
        const { limit, offset, action, entityType, entityId, actorId, from, to } = request.query;
        const where: SQL[] = [eq(auditLog.orgId, request.actor!.orgId)];
        if (action) where.push(eq(auditLog.action, action));
        if (entityType) where.push(eq(auditLog.entityType, entityType));
        if (entityId) where.push(eq(auditLog.entityId, entityId));
        if (actorId) where.push(eq(auditLog.actorId, actorId));
        if (from) where.push(gte(auditLog.at, from));
        if (to) where.push(lte(auditLog.at, to));
        const cond = and(...where);
        const items = await ctx.db.select().from(auditLog).where(cond).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit).offset(offset);
        const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(cond);
        return { items: items.map(({ orgId: _o, ...e }) => e), total: Number(row.n), limit, offset };
      },
    );
  };
}
