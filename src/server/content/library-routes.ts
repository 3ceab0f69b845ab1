import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { pageOf, pageQuery } from '../http/pagination.js';
import { checkLessonAnswer } from './knowledge-check.js';
import { listCompetencies, listStages, searchLibrary } from './library.js';
import { checkResultSchema, lessonDetailSchema, libraryItemSchema, listPaths, pathDetail, pathDetailSchema, pathSummarySchema, lessonDetail } from './views.js';

const tags = ['learn'];
const frameworkId = z.string().trim().min(1).max(64);
const lessonKeyParams = z.object({ lessonKey: z.string().min(1).max(100) });
const pathKeyParams = z.object({ pathKey: z.string().min(1).max(100) });

export function libraryRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/learn/lessons',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'The lesson library: full-text search (q, ranked title > summary > body, with snippets) and filters by stage, level and competency',
          querystring: pageQuery.extend({
            q: z.string().trim().max(200).optional().describe('Words to find; "a phrase", -word to leave out, or'),
            stage: frameworkId.optional(),
            level: frameworkId.optional(),
            competency: frameworkId.optional(),
          }),
          response: { 200: pageOf(libraryItemSchema) },
        },
      },
      async (request) => {
        const { limit, offset, ...filters } = request.query;
        return searchLibrary(ctx.db, request.actor!.orgId, filters, { limit, offset });
      },
    );

    app.get(
      '/learn/lessons/:lessonKey',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: 'One lesson to read: rendered body, objectives, apply-it task and knowledge-check questions (without answers)', params: lessonKeyParams, response: { 200: lessonDetailSchema } },
      },
      async (request) => lessonDetail(ctx.db, request.actor!, request.params.lessonKey),
    );

    app.post(
      '/learn/lessons/:lessonKey/check',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Check an answer to a knowledge-check question: whether it is right, and feedback for every option',
          params: lessonKeyParams,
          body: z.strictObject({
            questionId: z.string().min(1).max(100),
            optionIndexes: z.array(z.number().int().min(0).max(50)).max(10).describe('0-based indexes of the chosen options'),
          }),
          response: { 200: checkResultSchema },
        },
      },
      async (request) => (await checkLessonAnswer(ctx.db, request.actor!, request.params.lessonKey, request.body)).result,
    );

    app.get(
      '/learn/paths',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Learning paths, lowest career step first', response: { 200: z.object({ items: z.array(pathSummarySchema) }) } } },
      async (request) => listPaths(ctx.db, request.actor!.orgId),
    );

    app.get(
      '/learn/paths/:pathKey',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'One learning path with its sections and lesson summaries', params: pathKeyParams, response: { 200: pathDetailSchema } } },
      async (request) => pathDetail(ctx.db, request.actor!, request.params.pathKey),
    );

    app.get(
      '/learn/stages',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Training stages with their lesson counts (the stage filter)',
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), levels: z.array(z.string()), lessonCount: z.number().int() })) }) },
        },
      },
      async (request) => listStages(ctx.db, request.actor!.orgId),
    );

    app.get(
      '/learn/competencies',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Competencies with the number of lessons teaching each (the competency filter)',
          response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), stage: z.string(), description: z.string(), lessonCount: z.number().int() })) }) },
        },
      },
      async (request) => listCompetencies(ctx.db, request.actor!.orgId),
    );
  };
}
