import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { badRequest } from '../../http/errors.js';
import { organisations } from '../../org/schema.js';
import { getSettings, updateSettings } from '../settings.js';
import { deleteLrs, getLrs, putLrs } from '../xapi/lrs-settings.js';
import { exportStatements } from '../xapi/export.js';
import { exportQuery, lrsBody, lrsSchema, settingsPatch, settingsSchema } from '../views.js';

const tags = ['learning: admin'];

function parseBound(value: string | undefined, name: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw badRequest(`${name} is not a valid date`, [{ path: `querystring.${name}`, message: 'not a date' }]);
  return date;
}

export function learningAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/learn/admin/settings',
      { config: { access: 'learning.manage' }, schema: { tags, summary: 'Learning settings of the organisation', response: { 200: settingsSchema } } },
      async (request) => getSettings(ctx, request.actor!),
    );

    app.patch(
      '/learn/admin/settings',
      { config: { access: 'learning.manage' }, schema: { tags, summary: 'Change learning settings (days before a due date to remind)', body: settingsPatch, response: { 200: settingsSchema } } },
      async (request) => updateSettings(ctx, request.actor!, request.body),
    );

    app.get(
      '/learn/admin/lrs',
      { config: { access: 'lrs.manage' }, schema: { tags, summary: 'Forwarding to an external Learning Record Store: setup and status (the secret is never returned)', response: { 200: lrsSchema } } },
      async (request) => getLrs(ctx, request.actor!),
    );

    app.put(
      '/learn/admin/lrs',
      { config: { access: 'lrs.manage' }, schema: { tags, summary: 'Set up LRS forwarding (endpoint, basic-auth key and secret, on/off)', body: lrsBody, response: { 200: lrsSchema } } },
      async (request) => putLrs(ctx, request.actor!, request.body),
    );

    app.delete(
      '/learn/admin/lrs',
      { config: { access: 'lrs.manage' }, schema: { tags, summary: 'Stop forwarding and forget the LRS credentials' } },
      async (request, reply) => {
        await deleteLrs(ctx, request.actor!);
        return reply.status(204).send();
      },
    );

    app.get(
      '/learn/admin/xapi/statements.jsonl',
      {
        config: { access: 'xapi.export' },
        schema: {
          tags,
          summary: 'Every xAPI 1.0.3 statement of the organisation as JSON Lines, oldest first, streamed; from (inclusive) and to (exclusive) filter by statement timestamp',
          querystring: exportQuery,
          produces: ['application/x-ndjson'],
        },
      },
      async (request, reply) => {
        const from = parseBound(request.query.from, 'from');
        const to = parseBound(request.query.to, 'to');
        if (from && to && from >= to) throw badRequest('from must be before to', [{ path: 'querystring.to', message: 'must be after from' }]);
        const [org] = await ctx.db.select({ slug: organisations.slug }).from(organisations).where(eq(organisations.id, request.actor!.orgId));
        const stamp = new Date().toISOString().slice(0, 10);
        return reply
          .type('application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="xapi-statements-${org.slug}-${stamp}.jsonl"`)
          .header('cache-control', 'no-store')
          .send(exportStatements(ctx, request.actor!, { from, to }));
      },
    );
  };
}
