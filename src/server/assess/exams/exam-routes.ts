import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { can } from '../../access/policy.js';
import { notFound } from '../../http/errors.js';
import { pageOf, pageQuery } from '../../http/pagination.js';
import { examFieldsSchema, examPatchSchema } from './blueprint-input.js';
import { attemptCounts, createExam, findExam, listExams, updateExam } from './blueprints.js';
import { listAccommodations, removeAccommodation, setAccommodation } from './accommodations.js';
import { examAttemptsOverview } from './results.js';
import { candidateStatus } from './start-rules.js';
import { accommodationSchema, attemptOverviewSchema, examSchema, examView } from './views.js';
import { EXAM_STATUSES } from './schema.js';

const examParams = z.object({ id: z.uuid('must be an exam id (UUID)') });
const accommodationParams = z.object({ id: z.uuid('must be an exam id (UUID)'), personId: z.uuid('must be a person id (UUID)') });

/** Blueprints (A2), accommodations and the attempt overview for authors and administrators. */
export function examRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/exams',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exams'],
          summary: 'Exams of your organisation (authors and administrators also see drafts and archived exams)',
          querystring: pageQuery.extend({ status: z.enum(EXAM_STATUSES).optional() }),
          response: { 200: pageOf(examSchema) },
        },
      },
      async (request) => {
        const actor = request.actor!;
        const manager = can(actor, 'exams.manage');
        const { limit, offset, status } = request.query;
        const { rows, total } = await listExams(ctx.db, actor.orgId, { includeUnpublished: manager, status }, { limit, offset });
        const counts = manager ? await attemptCounts(ctx.db, rows.map((r) => r.id)) : undefined;
        return { items: rows.map((r) => examView(r, { attempts: counts?.get(r.id) })), total, limit, offset };
      },
    );

    app.get(
      '/exams/:id',
      {
        config: { access: 'signed-in' },
        schema: { tags: ['exams'], summary: 'One exam, with where you stand as a candidate', params: examParams, response: { 200: examSchema } },
      },
      async (request) => {
        const actor = request.actor!;
        const manager = can(actor, 'exams.manage');
        const exam = await findExam(ctx.db, actor.orgId, request.params.id);
        if (!exam || (exam.status !== 'published' && !manager)) throw notFound('Exam');
        const counts = manager ? (await attemptCounts(ctx.db, [exam.id])).get(exam.id) : undefined;
        return examView(exam, { attempts: counts, candidate: await candidateStatus(ctx.db, actor.orgId, exam, actor.personId) });
      },
    );

    app.post(
      '/exams',
      {
        config: { access: 'exams.manage' },
        schema: {
          tags: ['exams'],
          summary: 'Create an exam: bank, items per competency, time limit, attempts, cool-down, cut score, eligibility',
          body: examFieldsSchema,
          response: { 201: examSchema },
        },
      },
      async (request, reply) => reply.status(201).send(examView(await createExam(ctx, request.actor!, request.body))),
    );

    app.patch(
      '/exams/:id',
      {
        config: { access: 'exams.manage' },
        schema: { tags: ['exams'], summary: 'Change an exam (affects attempts started afterwards)', params: examParams, body: examPatchSchema, response: { 200: examSchema } },
      },
      async (request) => examView(await updateExam(ctx, request.actor!, request.params.id, request.body)),
    );

    app.get(
      '/exams/:id/attempts',
      {
        config: { access: 'exams.manage' },
        schema: { tags: ['exams'], summary: 'Every attempt at the exam with its score', params: examParams, response: { 200: z.object({ items: z.array(attemptOverviewSchema) }) } },
      },
      async (request) => ({ items: await examAttemptsOverview(ctx.db, request.actor!.orgId, request.params.id) }),
    );

    app.get(
      '/exams/:id/accommodations',
      {
        config: { access: 'exams.accommodate' },
        schema: { tags: ['exams'], summary: 'People with extra time on this exam', params: examParams, response: { 200: z.object({ items: z.array(accommodationSchema) }) } },
      },
      async (request) => ({ items: await listAccommodations(ctx.db, request.actor!.orgId, request.params.id) }),
    );

    app.put(
      '/exams/:id/accommodations/:personId',
      {
        config: { access: 'exams.accommodate' },
        schema: {
          tags: ['exams'],
          summary: 'Give a person extra time on this exam (applies to attempts they start afterwards)',
          params: accommodationParams,
          body: z.object({ extraMinutes: z.number().int().min(1).max(600), note: z.string().trim().max(500).default('') }).strict(),
          response: { 200: accommodationSchema },
        },
      },
      async (request) => setAccommodation(ctx, request.actor!, request.params.id, request.params.personId, request.body),
    );

    app.delete(
      '/exams/:id/accommodations/:personId',
      {
        config: { access: 'exams.accommodate' },
        schema: { tags: ['exams'], summary: 'Remove a person\'s extra time on this exam', params: accommodationParams },
      },
      async (request, reply) => {
        await removeAccommodation(ctx, request.actor!, request.params.id, request.params.personId);
        return reply.status(204).send();
      },
    );
  };
}
