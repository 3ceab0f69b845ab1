import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

/** An error we expect and explain to the caller. Status is always 4xx, apart from readiness. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError(403, 'forbidden', message);
export const badRequest = (message: string, fields: FieldError[] = []) => new AppError(400, 'bad_request', message, fields);
export const conflict = (message: string, fields: FieldError[] = []) => new AppError(409, 'conflict', message, fields);

/** The one error body every route returns. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

function body(code: string, message: string, fields: FieldError[] = []) {
  return { error: { code, message, fields } };
}

export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.status).send(body(error.code, error.message, error.fields));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    const fields = error.validation.map((issue) => {
      const path = [where, ...issue.instancePath.split('/').filter(Boolean)].join('.');
      return { path, message: issue.message ?? 'is not valid' };
    });
    const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
    return reply.status(400).send(body('validation_failed', `The request is not valid. ${summary}`, fields));
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause?.issues }, 'response did not match its schema');
    return reply.status(500).send(body('internal_error', 'The server produced an invalid response; the error is logged'));
  }
  const fe = error as FastifyError & { code?: string };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send(body('payload_too_large', 'The request body is too large. Send a smaller body.'));
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.status(415).send(body('unsupported_media_type', 'Send the body as application/json.'));
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return reply.status(400).send(body('bad_request', 'The body is empty; send a JSON object or omit the Content-Type header.'));
  }
  if (fe instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return reply.status(400).send(body('malformed_json', `The body is not valid JSON: ${fe.message}`));
  }
  const pgCode = (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  if (pgCode === '23505') {
    return reply.status(409).send(body('conflict', 'That would duplicate an existing record.'));
  }
  if (pgCode === '23503') {
    return reply.status(409).send(body('conflict', 'A record this refers to was removed meanwhile; reload and try again.'));
  }
  if (pgCode === '22P02') {
    return reply.status(400).send(body('bad_request', 'An identifier or value has the wrong format.'));
  }
  // SQLSTATE class 22 (data exception): the request carried a value the database cannot take.
  if (typeof pgCode === 'string' && pgCode.startsWith('22')) {
    return reply.status(400).send(body('bad_request', 'A value in the request cannot be stored: remove any NUL characters and keep dates and numbers within their normal range.'));
  }
  if (fe.statusCode === 429) {
    return reply.status(429).send(body('rate_limited', `Too many requests: ${fe.message}`));
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(body(fe.code?.toLowerCase() ?? 'bad_request', fe.message));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(body('internal_error', 'Something went wrong on the server; the error is logged.'));
}
