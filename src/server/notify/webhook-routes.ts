import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { notFound } from '../http/errors.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { webhookDeliveries } from './webhook-schema.js';

const STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;

const deliverySchema = z.object({
  id: z.uuid(),
  url: z.string(),
  kind: z.string(),
  status: z.enum(STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  /** The incident a delivery tells about, when it comes from one. */
  incidentId: z.string().nullable(),
});
const columns = {
  id: webhookDeliveries.id,
  url: webhookDeliveries.url,
  kind: webhookDeliveries.kind,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  lastError: webhookDeliveries.lastError,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  createdAt: webhookDeliveries.createdAt,
  deliveredAt: webhookDeliveries.deliveredAt,
  incidentId: sql<string | null>`${webhookDeliveries.payload}->'milewide'->>'incidentId'`,
};
type Status = (typeof STATUSES)[number];

/** Webhook URLs often carry their secret in the path (Slack, Teams); admins see where, not the key. */
export function maskWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.length > 12 ? `${u.pathname.slice(0, 12)}…` : u.pathname;
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return '(not a URL)';
  }
}

export function webhookDeliveryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/webhook-deliveries',
      {
        config: { access: 'outbox.read' },
        schema: {
          tags: ['admin'],
          summary: 'Webhook deliveries of your organisation, newest first; failed ones gave up after their retries',
          querystring: pageQuery.extend({ status: z.enum(STATUSES).optional() }),
          response: { 200: pageOf(deliverySchema) },
        },
      },
      async (request) => {
        const { limit, offset, status } = request.query;
        const cond = and(eq(webhookDeliveries.orgId, request.actor!.orgId), status ? eq(webhookDeliveries.status, status) : undefined);
        const [items, [row]] = await Promise.all([
          ctx.db.select(columns).from(webhookDeliveries).where(cond).orderBy(desc(webhookDeliveries.createdAt)).limit(limit).offset(offset),
          ctx.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries).where(cond),
        ]);
        return { items: items.map((d) => ({ ...d, url: maskWebhookUrl(d.url), status: d.status as Status })), total: Number(row.n), limit, offset };
      },
    );

    app.get(
      '/admin/webhook-deliveries/:id',
      {
        config: { access: 'outbox.read' },
        schema: {
          tags: ['admin'],
          summary: 'One webhook delivery with the JSON it sends',
          params: z.object({ id: z.uuid('must be a webhook delivery id (UUID)') }),
          response: { 200: deliverySchema.extend({ payload: z.record(z.string(), z.unknown()) }) },
        },
      },
      async (request) => {
        const [row] = await ctx.db
          .select({ ...columns, payload: webhookDeliveries.payload })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.id, request.params.id), eq(webhookDeliveries.orgId, request.actor!.orgId)));
        if (!row) throw notFound('Webhook delivery');
        return { ...row, url: maskWebhookUrl(row.url), status: row.status as Status };
      },
    );
  };
}
