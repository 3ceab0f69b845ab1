import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { pageOf, pageQuery } from '../../../http/pagination.js';
import { binderProgress, progressSchema } from './progress.js';
import { decideProposal, decisionBody, listProposals, proposalBody, proposalSchema, PROPOSAL_STATUSES, proposeSituation, startDraft, startDraftBody } from './proposals.js';
import { procedureSchema } from './procedure-view.js';
import { createSupportArea, deleteSupportArea, listSupportAreas, supportAreaBody, supportAreaPatch, supportAreaSchema, updateSupportArea } from './support-areas.js';
import { SITUATION_LABELS, SITUATIONS, TEMPLATES } from './templates.js';

const tags = ['escalation binder'];
const idParams = z.object({ id: z.uuid('must be an id (UUID)') });

const templateSchema = z.object({
  key: z.string(),
  situation: z.enum(SITUATIONS),
  situationLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  supportArea: z.string(),
  services: z.array(z.string()),
  contacts: z.array(z.object({ role: z.string(), kind: z.enum(['person', 'vendor']), why: z.string() })),
  steps: z.array(z.object({ offsetMinutes: z.number().int(), title: z.string(), notifyRoles: z.array(z.string()), expected: z.string() })),
  repeatEveryMinutes: z.number().int(),
  statusUpdateEveryMinutes: z.number().int(),
});

/** Guided build (DOMAIN.md's six steps): templates, support areas and Experts, proposals, progress. */
export function binderBuildRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/escalations/templates',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Procedure templates for the standard situations, and the list of situations',
          response: { 200: z.object({ items: z.array(templateSchema), situations: z.array(z.object({ key: z.enum(SITUATIONS), label: z.string() })) }) },
        },
      },
      async () => ({
        items: TEMPLATES.map((t) => ({ ...t, situationLabel: SITUATION_LABELS[t.situation] })),
        situations: SITUATIONS.map((key) => ({ key, label: SITUATION_LABELS[key] })),
      }),
    );

    app.get(
      '/escalations/support-areas',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Support areas and their Experts', response: { 200: z.object({ items: z.array(supportAreaSchema) }) } } },
      async (request) => listSupportAreas(ctx, request.actor!),
    );
    app.post(
      '/escalations/support-areas',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Add a support area, optionally with its Expert', body: supportAreaBody, response: { 201: supportAreaSchema } } },
      async (request, reply) => reply.status(201).send(await createSupportArea(ctx, request.actor!, request.body)),
    );
    app.patch(
      '/escalations/support-areas/:id',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Rename a support area or assign its Expert', params: idParams, body: supportAreaPatch, response: { 200: supportAreaSchema } } },
      async (request) => updateSupportArea(ctx, request.actor!, request.params.id, request.body),
    );
    app.delete(
      '/escalations/support-areas/:id',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Remove a support area that has no proposals or procedures', params: idParams } },
      async (request, reply) => {
        await deleteSupportArea(ctx, request.actor!, request.params.id);
        return reply.status(204).send();
      },
    );

    app.post(
      '/escalations/support-areas/:id/proposals',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: "Propose a situation that needs a procedure (the area's Expert, or a manager)", params: idParams, body: proposalBody, response: { 201: proposalSchema } },
      },
      async (request, reply) => reply.status(201).send(await proposeSituation(ctx, request.actor!, request.params.id, request.body)),
    );
    app.get(
      '/escalations/proposals',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Proposed situations: all of them for managers, those of your support areas for an Expert',
          querystring: pageQuery.extend({ status: z.enum(PROPOSAL_STATUSES).optional(), supportAreaId: z.uuid().optional() }),
          response: { 200: pageOf(proposalSchema) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listProposals(ctx, request.actor!, filters, { limit, offset });
      },
    );
    app.post(
      '/escalations/proposals/:id/decision',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Accept or decline a proposed situation', params: idParams, body: decisionBody, response: { 200: proposalSchema } } },
      async (request) => decideProposal(ctx, request.actor!, request.params.id, request.body),
    );
    app.post(
      '/escalations/proposals/:id/procedure',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: 'Start drafting the procedure for an accepted proposal, from its template', params: idParams, body: startDraftBody, response: { 201: procedureSchema } },
      },
      async (request, reply) => reply.status(201).send(await startDraft(ctx, request.actor!, request.params.id, request.body)),
    );

    app.get(
      '/escalations/binder/progress',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Where building the binder stands: the six steps, what is next, who waits on whom', response: { 200: progressSchema } } },
      async (request) => binderProgress(ctx, request.actor!),
    );
  };
}
