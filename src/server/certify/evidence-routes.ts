import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { AppError } from '../http/errors.js';
import { allowedTypesText, downloadableEvidenceFile, EVIDENCE_MAX_BYTES, evidenceFileView, ownedArtefacts, storeEvidenceFile, tooLarge } from './evidence.js';

const tags = ['certification'];
const fileSchema = z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), createdAt: z.string() });
const isTooLarge = (err: unknown) => (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';

/** Practicum evidence: uploading files, downloading them (owner and reviewers), and the toolkit artefacts one may offer. */
export function evidenceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(multipart, { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 2, parts: 3 } });

    app.post(
      '/certify/evidence-files',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          summary: 'Upload a file as practicum evidence (multipart/form-data, field `file`); use the returned id as an evidence ref of kind "file"',
          description: `At most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB. Accepted: ${allowedTypesText()}.`,
          consumes: ['multipart/form-data'],
          response: { 201: fileSchema },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data with a field named "file"', [{ path: 'file', message: 'required' }]);
        let file;
        try {
          file = await request.file();
        } catch (err) {
          if (isTooLarge(err)) throw tooLarge();
          throw err;
        }
        if (!file) throw new AppError(400, 'bad_request', 'The upload has no file; send it in a field named "file"', [{ path: 'file', message: 'required' }]);
        let bytes: Buffer;
        try {
          bytes = await file.toBuffer();
        } catch (err) {
          if (isTooLarge(err)) throw tooLarge();
          throw err;
        }
        const row = await storeEvidenceFile(ctx.db, request.actor!, { fileName: file.filename, contentType: file.mimetype, bytes });
        return reply.status(201).send(evidenceFileView(row));
      },
    );

    app.get(
      '/certify/evidence-files/:id',
      { config: { access: 'signed-in' }, schema: { tags, summary: 'Download an evidence file (its owner and practicum reviewers)', params: z.object({ id: z.uuid('must be a file id (UUID)') }) } },
      async (request, reply) => {
        const row = await downloadableEvidenceFile(ctx.db, request.actor!, request.params.id);
        return reply
          .type(row.contentType)
          .header('content-disposition', `attachment; filename="${row.fileName}"`)
          .header('x-content-type-options', 'nosniff')
          .send(row.content);
      },
    );

    app.get(
      '/certify/artefacts',
      {
        config: { access: 'signed-in' },
        schema: { tags, summary: 'Your toolkit work you may offer as practicum evidence: published escalation procedures and post-incident reviews', response: { 200: z.object({ items: z.array(z.object({ ref: z.string(), kind: z.string(), title: z.string(), detail: z.string() })) }) } },
      },
      async (request) => ({ items: await ownedArtefacts(ctx.db, request.actor!) }),
    );
  };
}
