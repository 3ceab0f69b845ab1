import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { exportPack, zipPack } from './export-pack.js';
import { importPack } from './import-pack.js';
import { listInstalledPacks, validateForOrg } from './pack-service.js';
import { PACK_LIMITS, readPackZip } from './pack/read-files.js';
import { contentPacks } from './schema.js';
import { and, eq } from 'drizzle-orm';

const tags = ['content'];
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

const countsSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), retired: z.number().int(), restored: z.number().int() });
export const importSummarySchema = z.object({
  dryRun: z.boolean(),
  pack: z.object({ id: z.uuid().nullable(), key: z.string(), name: z.string(), version: z.string(), previousVersion: z.string().nullable() }),
  lessons: countsSchema,
  paths: countsSchema,
  tips: countsSchema,
  framework: z.object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), keptOrgEdits: z.number().int() }).nullable(),
  updatedLessons: z.array(z.string()).describe('Lessons whose content changed; their revision went up'),
  retiredLessons: z.array(z.string()),
  notes: z.array(z.string()),
});
const problemSchema = z.object({ file: z.string(), line: z.number().int().nullable(), message: z.string() });
const reportSchema = z.object({ valid: z.boolean(), problems: z.array(problemSchema), notes: z.array(z.string()), preview: importSummarySchema.nullable() });

const uploadDescription = 'Send the zipped pack as multipart/form-data (one file field) or as the raw body with Content-Type application/zip.';

/** The zip from a multipart upload or a raw application/zip body. */
async function uploadedZip(request: FastifyRequest): Promise<{ bytes: Uint8Array; name: string }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: PACK_LIMITS.maxZipBytes, files: 1 } });
    if (!file) throw new AppError(400, 'no_file', `The upload has no file. ${uploadDescription}`);
    const bytes = await file.toBuffer();
    return { bytes: new Uint8Array(bytes), name: file.filename || 'pack.zip' };
  }
  if (Buffer.isBuffer(request.body)) return { bytes: new Uint8Array(request.body), name: 'pack.zip' };
  throw new AppError(415, 'unsupported_media_type', uploadDescription);
}

export function packRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: PACK_LIMITS.maxZipBytes, files: 1, fields: 5, parts: 6 } });
    app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: PACK_LIMITS.maxZipBytes }, (_request, body, done) => done(null, body));

    app.get(
      '/admin/content-packs',
      {
        config: { access: 'content.manage' },
        schema: {
          tags,
          summary: 'Content packs installed in your organisation',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  id: z.uuid(),
                  key: z.string(),
                  name: z.string(),
                  version: z.string(),
                  description: z.string(),
                  importedAt: z.date(),
                  importedByName: z.string().nullable(),
                  lessonCount: z.number().int(),
                  retiredLessonCount: z.number().int(),
                  pathCount: z.number().int(),
                  tipCount: z.number().int(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => listInstalledPacks(ctx.db, request.actor!.orgId),
    );

    app.post(
      '/admin/content-packs/validate',
      {
        config: { access: 'content.manage' },
        schema: { tags, summary: 'Check a zipped pack against your organisation: every problem with file and line, and what an import would change. Writes nothing.', description: uploadDescription, consumes: ['multipart/form-data', 'application/zip'], response: { 200: reportSchema } },
      },
      async (request) => {
        const upload = await uploadedZip(request);
        return validateForOrg(ctx.db, { orgId: request.actor!.orgId, actor: request.actor! }, readPackZip(upload.bytes, upload.name));
      },
    );

    app.post(
      '/admin/content-packs/import',
      {
        config: { access: 'content.manage' },
        schema: {
          tags,
          summary: 'Import or upgrade a zipped pack. A pack with any problem imports nothing: 400 pack_invalid with every problem in error.fields (path "file:line").',
          description: uploadDescription,
          consumes: ['multipart/form-data', 'application/zip'],
          response: { 200: importSummarySchema },
        },
      },
      async (request) => {
        const upload = await uploadedZip(request);
        return importPack(ctx.db, { orgId: request.actor!.orgId, actor: request.actor! }, readPackZip(upload.bytes, upload.name));
      },
    );

    app.get(
      '/admin/content-packs/:packKey/export',
      { config: { access: 'content.manage' }, schema: { tags, summary: 'The installed version of a pack as a zip of plain files (retired items left out)', params: z.object({ packKey: z.string().min(1).max(100) }) } },
      async (request, reply) => {
        const files = await exportPack(ctx.db, request.actor!.orgId, request.params.packKey);
        const [pack] = await ctx.db.select({ version: contentPacks.version }).from(contentPacks).where(and(eq(contentPacks.orgId, request.actor!.orgId), eq(contentPacks.packKey, request.params.packKey)));
        return reply
          .header('content-type', 'application/zip')
          .header('content-disposition', `attachment; filename="${request.params.packKey}-${pack?.version ?? 'export'}.zip"`)
          .send(Buffer.from(zipPack(files)));
      },
    );
  };
}
