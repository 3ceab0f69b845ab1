import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { issuerForOrg } from './issuer.js';
import { planSchema, planView, programSchema, programView } from './program-views.js';
import { organisationCredentials, programBench, reportsStatus } from './team.js';
import { credentialSchema, credentialView } from './views.js';

const tags = ['certification'];
const requirementSchema = z.object({ key: z.string(), title: z.string(), met: z.boolean(), detail: z.string(), refId: z.string().nullable() });
const personSchema = z.object({ id: z.uuid(), name: z.string(), jobRole: z.string().nullable() });

/** Who is where: a manager's reports, a program's bench, and the organisation's credentials. */
export function teamRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/certify/team',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Your direct reports and where each stands in the programs they are enrolled in, with their action plans to acknowledge',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  person: personSchema,
                  programs: z.array(z.object({ programId: z.uuid(), programName: z.string(), enrolled: z.boolean(), credentialId: z.uuid().nullable(), at: z.string().nullable(), requirements: z.array(requirementSchema), plan: planSchema.nullable() })),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        items: (await reportsStatus(ctx.db, request.actor!)).map((r) => ({ person: r.person, programs: r.programs.map((p) => ({ ...p, plan: p.plan ? planView(p.plan) : null })) })),
      }),
    );

    app.get(
      '/certify/programs/:id/bench',
      {
        config: { access: 'certify.manage' },
        schema: {
          tags,
          summary: 'Everyone enrolled in a program and the requirement each is at, with counts per requirement',
          params: z.object({ id: z.uuid('must be a program id (UUID)') }),
          response: {
            200: z.object({
              program: programSchema,
              counts: z.record(z.string(), z.number()),
              items: z.array(z.object({ person: personSchema, enrolledAt: z.string(), credentialId: z.uuid().nullable(), at: z.string().nullable(), requirements: z.array(requirementSchema) })),
            }),
          },
        },
      },
      async (request) => {
        const bench = await programBench(ctx.db, request.actor!, request.params.id);
        return { program: programView(bench.program), counts: bench.counts, items: bench.items.map((i) => ({ ...i, enrolledAt: i.enrolledAt.toISOString() })) };
      },
    );

    app.get(
      '/certify/credentials',
      {
        config: { access: 'certify.manage' },
        schema: {
          tags,
          summary: "The organisation's issued credentials with their holders (newest first, at most 500)",
          querystring: z.object({ programId: z.uuid().optional() }),
          response: { 200: z.object({ items: z.array(credentialSchema.extend({ holderName: z.string() })) }) },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const name = (await issuerForOrg(ctx.db, ctx.config.publicUrl, actor.orgId))?.name ?? '';
        const rows = await organisationCredentials(ctx.db, actor, request.query);
        return { items: rows.map((r) => ({ ...credentialView(r.credential, ctx.config.publicUrl, name), holderName: r.holderName })) };
      },
    );
  };
}
