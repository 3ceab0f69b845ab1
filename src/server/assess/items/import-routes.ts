import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { AppError, errorBodySchema, handleError } from '../../http/errors.js';
import { IMPORT_FORMATS } from './import/candidate.js';
import { runImport, type ImportRequest } from './import/service.js';
import { keySchema } from './service.js';

export const ITEM_IMPORT_LIMIT = 10 * 1024 * 1024;

const boolish = z.union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0']).transform((v) => v === 'true' || v === 'on' || v === '1')]);
const optionalText = (max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(max).optional());

/** The upload's settings; the same fields come as multipart form fields or in a JSON body. */
const settingsSchema = z.object({
  format: z.enum([...IMPORT_FORMATS, 'auto']).default('auto'),
  bankKey: keySchema,
  defaultCompetency: optionalText(100),
  keyPrefix: z.preprocess((v) => (v === '' ? undefined : v), keySchema.optional()),
  publish: boolish.default(false),
  fileName: optionalText(255),
});
const jsonBody = settingsSchema.extend({
  content: z.string().max(ITEM_IMPORT_LIMIT).optional(),
  contentBase64: z.string().max(Math.ceil((ITEM_IMPORT_LIMIT * 4) / 3) + 4).optional(),
}).strict();

const place = { file: z.string().optional(), line: z.number().int().optional(), ref: z.string() };
const reportSchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  bankKey: z.string(),
  dryRun: z.boolean(),
  imported: z.array(
    z.object({
      ...place,
      itemKey: z.string(),
      itemId: z.uuid().nullable(),
      kind: z.enum(['single', 'multiple']),
      competency: z.string(),
      action: z.enum(['create', 'new_version', 'update_draft', 'unchanged']),
      status: z.enum(['draft', 'published', 'retired']),
      notes: z.array(z.string()),
    }),
  ),
  skipped: z.array(z.object({ ...place, reason: z.string() })),
  summary: z.object({ imported: z.number().int(), create: z.number().int(), newVersion: z.number().int(), updateDraft: z.number().int(), unchanged: z.number().int(), skipped: z.number().int() }),
});

function invalid(error: z.ZodError, prefix: string): AppError {
  const fields = error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join('.'), message: i.message }));
  return new AppError(400, 'validation_failed', `The upload is not valid. ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields);
}

/** Reads either a multipart upload (field `file` plus settings fields) or a JSON body. */
async function readUpload(request: FastifyRequest): Promise<Omit<ImportRequest, 'format'> & { format: ImportRequest['format'] }> {
  if (request.isMultipart()) {
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          await part.toBuffer();
          throw new AppError(400, 'validation_failed', 'Send exactly one file, in the field named "file"', [{ path: `body.${part.fieldname}`, message: 'unexpected file' }]);
        }
        file = { name: part.filename, bytes: await part.toBuffer() };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
    if (!file || file.bytes.length === 0) throw new AppError(400, 'validation_failed', 'Choose a file to import (field "file")', [{ path: 'body.file', message: 'is missing or empty' }]);
    const parsed = settingsSchema.safeParse({ ...fields, fileName: fields.fileName ?? file.name });
    if (!parsed.success) throw invalid(parsed.error, 'body');
    return { ...parsed.data, content: new Uint8Array(file.bytes) };
  }
  const parsed = jsonBody.safeParse(request.body ?? {});
  if (!parsed.success) throw invalid(parsed.error, 'body');
  const { content, contentBase64, ...settings } = parsed.data;
  if ((content === undefined) === (contentBase64 === undefined)) {
    throw new AppError(400, 'validation_failed', 'Give the file as "content" (text) or "contentBase64" (for zip files), not both or neither', [{ path: 'body.content', message: 'give content or contentBase64' }]);
  }
  const bytes = content !== undefined ? new TextEncoder().encode(content) : new Uint8Array(Buffer.from(contentBase64!, 'base64'));
  if (bytes.length === 0) throw new AppError(400, 'validation_failed', 'The file is empty', [{ path: 'body.content', message: 'is empty' }]);
  return { ...settings, content: bytes };
}

function uploadErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.code === 'FST_REQ_FILE_TOO_LARGE') {
    const message = `The file is larger than ${ITEM_IMPORT_LIMIT / 1024 / 1024} MB; split it into smaller files and import them one by one.`;
    return reply.status(413).send({ error: { code: 'payload_too_large', message, fields: [{ path: 'body.file', message: 'is too large' }] } });
  }
  return handleError(error, request, reply);
}

const description =
  'Send multipart/form-data with a `file` field and the settings as fields, or JSON `{ bankKey, format?, content | contentBase64, ... }`. ' +
  'Formats: `gift`, `moodle` (Moodle XML), `qti` (QTI 3.0 XML or a zip package), or `auto`.';

export function itemImportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: ITEM_IMPORT_LIMIT, files: 1, fields: 10, fieldSize: 1024 } });

    for (const [path, dryRun] of [
      ['/items/import/preview', true],
      ['/items/import/commit', false],
    ] as const) {
      app.post(
        path,
        {
          config: { access: 'items.manage' },
          bodyLimit: Math.ceil((ITEM_IMPORT_LIMIT * 4) / 3) + 64 * 1024,
          errorHandler: uploadErrorHandler,
          schema: {
            tags: ['item bank'],
            summary: dryRun
              ? 'Check a GIFT, Moodle XML or QTI 3.0 file and report every question it would import or skip, and why; writes nothing'
              : 'Import a GIFT, Moodle XML or QTI 3.0 file into a bank; the report lists every imported and every skipped question',
            description,
            response: { 200: reportSchema, 400: errorBodySchema, 413: errorBodySchema },
          },
        },
        async (request) => runImport(ctx.db, request.actor!, await readUpload(request), dryRun),
      );
    }
  };
}
