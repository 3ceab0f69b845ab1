import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { saveAnswer, setFlag } from './answers.js';
import { attemptForCandidate, listOwnAttempts, loadOwnAttempt } from './attempt-view.js';
import { finaliseAttempt } from './finalise.js';
import { attemptResult } from './results.js';
import { startAttempt } from './start.js';
import { attemptSchema, attemptSummarySchema, resultSchema, savedAnswerSchema } from './views.js';

const examParams = z.object({ id: z.uuid('must be an exam id (UUID)') });
const attemptParams = z.object({ id: z.uuid('must be an attempt id (UUID)') });
const itemId = z.uuid('must be an itemId from the attempt (UUID)');

const answerBody = z
  .object({
    itemId,
    optionIds: z
      .array(z.string().regex(/^[1-9][0-9]?$/, 'must be an option id of the item ("1", "2", ...)'))
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, 'lists an option twice'),
    seq: z.number().int('must be a whole number').min(1).max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

/** Delivery (A3) and results (A4): a candidate's own attempts. Someone else's attempt reads as missing. */
export function attemptRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/exams/:id/attempts',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Start an attempt (201), or resume the one you have open (200)',
          params: examParams,
          response: { 200: attemptSchema, 201: attemptSchema },
        },
      },
      async (request, reply) => {
        const actor = request.actor!;
        const { attemptId, created } = await startAttempt(ctx, actor, request.params.id);
        return reply.status(created ? 201 : 200).send(await attemptForCandidate(ctx.db, actor.orgId, actor.personId, attemptId));
      },
    );

    app.get(
      '/exam-attempts',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Your attempts, newest first',
          querystring: z.object({ examId: z.uuid().optional() }),
          response: { 200: z.object({ items: z.array(attemptSummarySchema) }) },
        },
      },
      async (request) => ({ items: await listOwnAttempts(ctx.db, request.actor!.orgId, request.actor!.personId, request.query.examId) }),
    );

    app.get(
      '/exam-attempts/:id',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Your attempt: the form (no keys), remaining seconds by the server clock, saved answers, flags and the navigator',
          params: attemptParams,
          response: { 200: attemptSchema },
        },
      },
      async (request) => attemptForCandidate(ctx.db, request.actor!.orgId, request.actor!.personId, request.params.id),
    );

    app.put(
      '/exam-attempts/:id/answers',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Save the answer to one item. Idempotent and ordered by `seq`: an older seq never overwrites a newer one',
          params: attemptParams,
          body: answerBody,
          response: { 200: savedAnswerSchema },
        },
      },
      async (request) => saveAnswer(ctx.db, request.actor!.personId, request.params.id, request.body),
    );

    app.put(
      '/exam-attempts/:id/flags',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Flag an item for review (or clear the flag)',
          params: attemptParams,
          body: z.object({ itemId, flagged: z.boolean() }).strict(),
          response: { 200: z.object({ itemId: z.string(), position: z.number().int(), flagged: z.boolean() }) },
        },
      },
      async (request) => setFlag(ctx.db, request.actor!.personId, request.params.id, request.body),
    );

    app.post(
      '/exam-attempts/:id/submit',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Submit the attempt (a second submit changes nothing); answers the result',
          params: attemptParams,
          response: { 200: resultSchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        await loadOwnAttempt(ctx.db, actor.orgId, actor.personId, request.params.id);
        const outcome = await finaliseAttempt(ctx.db, actor.orgId, request.params.id, 'candidate', actor.personId);
        if (outcome === 'missing') throw new AppError(404, 'not_found', 'Exam attempt was not found');
        return attemptResult(ctx.db, actor, request.params.id);
      },
    );

    app.get(
      '/exam-attempts/:id/result',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['exam delivery'],
          summary: 'Score, pass or fail, competencies with lessons to revisit, and feedback once released',
          params: attemptParams,
          response: { 200: resultSchema },
        },
      },
      async (request) => attemptResult(ctx.db, request.actor!, request.params.id),
    );
  };
}
