import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { loadScoredResponses } from '../exams/contract.js';
import { analyseExam, analysisCsv } from './service.js';

const params = z.object({ id: z.uuid('must be an exam id (UUID)') });
const num = z.number().nullable();
const flag = z.object({ code: z.string(), message: z.string(), optionId: z.string().optional() });
const analysisSchema = z.object({
  exam: z.object({ id: z.uuid(), title: z.string() }),
  personCount: z.number().int(),
  itemCount: z.number().int(),
  meanProportion: num,
  kr20: num,
  forms: z.array(z.object({ itemIds: z.array(z.string()), persons: z.number().int(), meanScore: z.number(), variance: z.number(), kr20: num })),
  smallSample: z.boolean(),
  topGroupSize: z.number().int(),
  thresholds: z.object({ minP: z.number(), maxP: z.number(), minRpb: z.number(), minPersons: z.number(), groupShare: z.number() }),
  flaggedCount: z.number().int(),
  items: z.array(
    z.object({
      itemVersionId: z.uuid(),
      itemId: z.uuid().nullable(),
      itemKey: z.string(),
      version: z.number().int().nullable(),
      competency: z.string(),
      kind: z.enum(['single', 'multiple']).nullable(),
      stem: z.string(),
      n: z.number().int(),
      p: num,
      rpb: num,
      upperLowerD: num,
      omitted: z.number().int(),
      options: z.array(z.object({ id: z.string(), text: z.string(), correct: z.boolean(), count: z.number().int(), share: z.number(), topCount: z.number().int(), bottomCount: z.number().int() })),
      flags: z.array(flag),
    }),
  ),
});

/** Item analysis (A5) of an exam: page data as JSON and the same table as CSV. Needs `items.analyse`. */
export function itemAnalysisRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/exams/:id/item-analysis',
      {
        config: { access: 'items.analyse' },
        schema: {
          tags: ['item analysis'],
          summary: 'Difficulty, discrimination, KR-20, distractor counts and weak-item flags from the submitted attempts of an exam',
          params,
          querystring: z.object({ flaggedOnly: z.enum(['true', 'false']).optional() }),
          response: { 200: analysisSchema },
        },
      },
      async (request) => {
        const analysis = await analyseExam(ctx, request.actor!, request.params.id, loadScoredResponses);
        return request.query.flaggedOnly === 'true' ? { ...analysis, items: analysis.items.filter((i) => i.flags.length > 0) } : analysis;
      },
    );

    app.get(
      '/exams/:id/item-analysis.csv',
      {
        config: { access: 'items.analyse' },
        schema: { tags: ['item analysis'], summary: 'The item analysis table as CSV (one row per item version)', params, produces: ['text/csv'] },
      },
      async (request, reply) => {
        const analysis = await analyseExam(ctx, request.actor!, request.params.id, loadScoredResponses);
        const name = `item-analysis-${analysis.exam.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'exam'}.csv`;
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(analysisCsv(analysis));
      },
    );
  };
}
