import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { outbox } from './schema.js';

const messageSchema = z.object({
  id: z.uuid(),
  toAddress: z.string(),
  subject: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'sending', 'sent', 'captured', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
});
const columns = {
  id: outbox.id,
  toAddress: outbox.toAddress,
  subject: outbox.subject,
  kind: outbox.kind,
  status: outbox.status,
  attempts: outbox.attempts,
  lastError: outbox.lastError,
  createdAt: outbox.createdAt,
  deliveredAt: outbox.deliveredAt,
};
type Status = z.infer<typeof messageSchema>['status'];

/**
 * With an SMTP server, a reset link goes to its recipient's mailbox only: an admin must not be able
 * to take over someone's account by reading it here. Without SMTP the outbox is the only way to
 * pass the link on, so it is shown.
 */
function visibleBody(smtpConfigured: boolean, kind: string, text: string): string {
  if (kind !== 'password_reset' || !smtpConfigured) return text;
  return text.replace(/https?:\/\/\S+/g, '[link hidden: it was sent to the recipient only]');
}

export function outboxRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/outbox',
      {
        config: { access: 'outbox.read' },
        schema: {
          tags: ['admin'],
          summary: 'E-mail sent or captured for your organisation, newest first',
          querystring: pageQuery.extend({ status: z.enum(['queued', 'sending', 'sent', 'captured', 'failed']).optional(), to: z.string().max(254).optional() }),
          response: { 200: pageOf(messageSchema) },
        },
      },
      async (request) => {
        const { limit, offset, status, to } = request.query;
        const cond = and(
          eq(outbox.orgId, request.actor!.orgId),
          status ? eq(outbox.status, status) : undefined,
          to ? eq(outbox.toAddress, to.toLowerCase()) : undefined,
        );
        const items = await ctx.db.select(columns).from(outbox).where(cond).orderBy(desc(outbox.createdAt)).limit(limit).offset(offset);
        const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(cond);
        return { items: items.map((m) => ({ ...m, status: m.status as Status })), total: Number(row.n), limit, offset };
      },
    );

    app.get(
      '/admin/outbox/:id',
      { config: { access: 'outbox.read' }, schema: { tags: ['admin'], summary: 'One message with its text', params: z.object({ id: z.uuid() }), response: { 200: messageSchema.extend({ textBody: z.string() }) } } },
      async (request) => {
        const [row] = await ctx.db
          .select({ ...columns, textBody: outbox.textBody })
          .from(outbox)
          .where(and(eq(outbox.id, request.params.id), eq(outbox.orgId, request.actor!.orgId)));
        if (!row) throw notFound('Message');
        return { ...row, status: row.status as Status, textBody: visibleBody(!!ctx.config.smtpUrl, row.kind, row.textBody) };
      },
    );
  };
}
