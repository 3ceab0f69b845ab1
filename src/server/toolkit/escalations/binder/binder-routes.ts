import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { organisations } from '../../../org/schema.js';
import { procedurePdf } from './pdf.js';
import { listPublished, publishedDetail, publishedDetailSchema, publishedSummarySchema } from './published-view.js';

const tags = ['escalation binder'];
const idParams = z.object({ id: z.uuid('must be a procedure id (UUID)') });

/** The read-only binder: the published version in force of each procedure, and its printable PDF. */
export function binderReadRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/escalations/binder',
      { config: { access: 'escalations.binder.read' }, schema: { tags, summary: 'The published binder: every procedure in force', response: { 200: z.object({ items: z.array(publishedSummarySchema) }) } } },
      async (request) => listPublished(ctx.db, request.actor!),
    );
    app.get(
      '/escalations/binder/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'One published procedure as it is in force', params: idParams, response: { 200: publishedDetailSchema } } },
      async (request) => publishedDetail(ctx.db, request.actor!, request.params.id),
    );
    app.get(
      '/escalations/binder/:id/pdf',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'The published procedure as a printable PDF (one to two pages)', params: idParams } },
      async (request, reply) => {
        const actor = request.actor!;
        const detail = await publishedDetail(ctx.db, actor, request.params.id);
        const [org] = await ctx.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, actor.orgId));
        const pdf = await procedurePdf(detail, org?.name ?? '');
        const filename = `${detail.title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'procedure'}-v${detail.version}.pdf`;
        return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(Buffer.from(pdf));
      },
    );
  };
}
