import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { people } from '../identity/schema.js';
import { teams } from './schema.js';

const nodeSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  jobRole: z.string(),
  careerLevel: z.string(),
  teamName: z.string().nullable(),
  managerId: z.uuid().nullable(),
});

export function orgChartRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/org-chart',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['org'],
          summary: 'Everyone active with their manager, for drawing the reporting tree',
          querystring: z.object({ teamId: z.uuid('must be a team id (UUID)').optional() }),
          response: { 200: z.object({ items: z.array(nodeSchema) }) },
        },
      },
      async (request) => {
        const items = await ctx.db
          .select({ id: people.id, name: people.name, jobRole: people.jobRole, careerLevel: people.careerLevel, teamName: teams.name, managerId: people.managerId })
          .from(people)
          .leftJoin(teams, eq(teams.id, people.teamId))
          .where(
            and(
              eq(people.orgId, request.actor!.orgId),
              eq(people.status, 'active'),
              request.query.teamId ? eq(people.teamId, request.query.teamId) : undefined,
            ),
          )
          .orderBy(people.name);
        return { items };
      },
    );
  };
}
