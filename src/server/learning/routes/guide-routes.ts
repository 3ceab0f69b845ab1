import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { pathGuide, stageGuide } from '../guides/guides.js';
import { pathKeyParams, stageParams } from '../views.js';

const tags = ['learning: guides'];

export function guideRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/learn/guides/path/:pathKey.pdf',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'A learning path as a printable PDF guide: cover, contents with page numbers, every lesson', params: pathKeyParams, produces: ['application/pdf'] } },
      async (request, reply) => {
        const { pdf, filename } = await pathGuide(ctx, request.actor!, request.params.pathKey);
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(Buffer.from(pdf));
      },
    );

    app.get(
      '/learn/guides/stage/:stage.pdf',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Every lesson of a training stage as a printable PDF guide', params: stageParams, produces: ['application/pdf'] } },
      async (request, reply) => {
        const { pdf, filename } = await stageGuide(ctx, request.actor!, request.params.stage);
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(Buffer.from(pdf));
      },
    );
  };
}
