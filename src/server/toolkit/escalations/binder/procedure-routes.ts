import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { pageOf, pageQuery } from '../../../http/pagination.js';
import { personRefSchema } from './people-refs.js';
import { archiveProcedure, listVersions, publishProcedure, restoreProcedure, returnProcedure, reviewProcedure, submitProcedure } from './lifecycle.js';
import { PROCEDURE_STATUSES, procedureSchema } from './procedure-view.js';
import { createProcedure, getProcedure, listProcedures, newProcedureBody, procedurePatchBody, updateProcedure } from './procedures.js';
import { shareBody, shareProcedure, shareResultSchema } from './sharing.js';

const tags = ['escalation binder'];
const idParams = z.object({ id: z.uuid('must be a procedure id (UUID)') });

const snapshotSchema = z.object({
  procedureId: z.uuid(),
  versionId: z.uuid(),
  version: z.number().int(),
  title: z.string(),
  situation: z.string(),
  summary: z.string(),
  expertPersonId: z.uuid().nullable(),
  itPointPersonId: z.uuid().nullable(),
  sitePointPersonId: z.uuid().nullable(),
  sitePointContactId: z.string().nullable().optional(),
  sites: z.array(z.string()),
  services: z.array(z.string()),
  contacts: procedureSchema.shape.contacts,
  steps: procedureSchema.shape.steps,
  repeatEveryMinutes: z.number().int().nullable(),
  statusUpdateEveryMinutes: z.number().int(),
});
const versionSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  publishedAt: z.date(),
  publishedBy: personRefSchema.nullable(),
  reviewedBy: personRefSchema.nullable(),
  snapshot: snapshotSchema,
  /** Who this version was shared with (step 6), in the order it was sent. */
  sharedWith: z.array(personRefSchema.extend({ sharedAt: z.date() })),
});
const noteBody = z.strictObject({ note: z.string().trim().max(2000).optional() });
const returnBody = z.strictObject({ note: z.string().trim().min(1, 'say what the Expert should change').max(2000) });

/** Working copies of procedures: create, edit, and move them through draft, reviewed and published. */
export function procedureRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/escalations/procedures',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Procedures being built: all of them for managers, the ones you own as Expert otherwise',
          querystring: pageQuery.extend({ status: z.enum(PROCEDURE_STATUSES).optional(), supportAreaId: z.uuid().optional(), q: z.string().trim().max(100).optional() }),
          response: { 200: pageOf(procedureSchema) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return listProcedures(ctx, request.actor!, filters, { limit, offset });
      },
    );
    app.post(
      '/escalations/procedures',
      {
        config: { access: 'escalations.binder.manage' },
        schema: { tags, summary: 'Create a draft procedure, from a template (templateKey) or blank (situation)', body: newProcedureBody, response: { 201: procedureSchema } },
      },
      async (request, reply) => reply.status(201).send(await createProcedure(ctx, request.actor!, request.body)),
    );
    app.get(
      '/escalations/procedures/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'One procedure (its owning Expert, managers and admins)', params: idParams, response: { 200: procedureSchema } } },
      async (request) => getProcedure(ctx, request.actor!, request.params.id),
    );
    app.patch(
      '/escalations/procedures/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Edit a procedure (its owning Expert, managers and admins); a published one starts a new draft and stays in force',
          params: idParams,
          body: procedurePatchBody,
          response: { 200: procedureSchema },
        },
      },
      async (request) => updateProcedure(ctx, request.actor!, request.params.id, request.body),
    );
    app.post(
      '/escalations/procedures/:id/submit',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'The Expert says the draft is ready for review', params: idParams, response: { 200: procedureSchema } } },
      async (request) => submitProcedure(ctx, request.actor!, request.params.id),
    );
    app.post(
      '/escalations/procedures/:id/review',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Mark a complete draft reviewed', params: idParams, body: noteBody, response: { 200: procedureSchema } } },
      async (request) => reviewProcedure(ctx, request.actor!, request.params.id, request.body.note ?? ''),
    );
    app.post(
      '/escalations/procedures/:id/return',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Send a draft or reviewed procedure back to its Expert with a note', params: idParams, body: returnBody, response: { 200: procedureSchema } } },
      async (request) => returnProcedure(ctx, request.actor!, request.params.id, request.body.note),
    );
    app.post(
      '/escalations/procedures/:id/publish',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Publish a reviewed procedure as its next numbered version', params: idParams, response: { 200: procedureSchema } } },
      async (request) => publishProcedure(ctx, request.actor!, request.params.id),
    );
    app.post(
      '/escalations/procedures/:id/archive',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Take a procedure out of the binder', params: idParams, response: { 200: procedureSchema } } },
      async (request) => archiveProcedure(ctx, request.actor!, request.params.id),
    );
    app.post(
      '/escalations/procedures/:id/restore',
      { config: { access: 'escalations.binder.manage' }, schema: { tags, summary: 'Bring an archived procedure back', params: idParams, response: { 200: procedureSchema } } },
      async (request) => restoreProcedure(ctx, request.actor!, request.params.id),
    );
    app.get(
      '/escalations/procedures/:id/versions',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Published versions of a procedure, newest first', params: idParams, response: { 200: z.object({ items: z.array(versionSchema) }) } } },
      async (request) => listVersions(ctx, request.actor!, request.params.id),
    );
    app.post(
      '/escalations/procedures/:id/share',
      {
        config: { access: 'escalations.binder.manage' },
        schema: { tags, summary: 'E-mail the version in force to the managers it affects (once per person and version)', params: idParams, body: shareBody, response: { 200: shareResultSchema } },
      },
      async (request) => shareProcedure(ctx, request.actor!, request.params.id, request.body),
    );
  };
}
