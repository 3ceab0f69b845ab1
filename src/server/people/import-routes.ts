import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { errorBodySchema, handleError } from '../http/errors.js';
import { IMPORT_BODY_LIMIT, MAX_IMPORT_ROWS } from './import/columns.js';
import { commitImport, previewImport } from './import/service.js';

const body = z.strictObject({
  csv: z.string().refine((s) => s.trim().length > 0, 'is empty; paste the CSV text or choose a file'),
});
const action = z.enum(['create', 'update', 'unchanged', 'error']);
const issue = z.object({ line: z.number().int(), column: z.string(), message: z.string() });
const previewSchema = z.object({
  rows: z.array(z.object({ line: z.number().int(), email: z.string(), name: z.string(), action, changes: z.array(z.string()).optional() })),
  errors: z.array(issue),
  summary: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), error: z.number().int() }),
  teamsToCreate: z.array(z.string()),
});
const resultSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), teamsCreated: z.number().int() });

/** The default "body too large" answer does not say what the limit is for a CSV; this one does. */
function importErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const message = `The CSV is larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MB. Split it into smaller files of at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows and import them one by one.`;
    return reply.status(413).send({ error: { code: 'payload_too_large', message, fields: [{ path: 'body.csv', message: 'is too large' }] } });
  }
  return handleError(error, request, reply);
}

export function importRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/people/import/preview',
      {
        config: { access: 'people.import' },
        bodyLimit: IMPORT_BODY_LIMIT,
        errorHandler: importErrorHandler,
        schema: {
          tags: ['people'],
          summary: 'Check a CSV of people and show what importing it would do; writes nothing',
          body,
          response: { 200: previewSchema, 400: errorBodySchema, 413: errorBodySchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        return previewImport(ctx.db, { orgId: actor.orgId, actor }, request.body.csv);
      },
    );

    app.post(
      '/people/import/commit',
      {
        config: { access: 'people.import' },
        bodyLimit: IMPORT_BODY_LIMIT,
        errorHandler: importErrorHandler,
        schema: {
          tags: ['people'],
          summary: 'Import a CSV of people: all rows in one transaction, or nothing when any row has a problem',
          body,
          response: { 200: resultSchema, 400: errorBodySchema, 413: errorBodySchema },
        },
      },
      async (request) => {
        const actor = request.actor!;
        return commitImport(ctx.db, { orgId: actor.orgId, actor }, request.body.csv);
      },
    );
  };
}
