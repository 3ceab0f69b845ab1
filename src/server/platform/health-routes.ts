import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';

export function healthRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get(
      '/readyz',
      { config: { access: 'public' }, schema: { hide: true, response: { 200: z.object({ status: z.string() }), 503: z.object({ status: z.string(), reason: z.string() }) } } },
      async (_req, reply) => {
        try {
          await ctx.database.executeSql('select 1');
          return { status: 'ready' };
        } catch (err) {
          // The details go to the log, not to an unauthenticated caller.
          ctx.log.error({ err }, 'readiness check: the database did not answer');
          return reply.status(503).send({ status: 'unavailable', reason: 'the database did not answer' });
        }
      },
    );
  };
}
