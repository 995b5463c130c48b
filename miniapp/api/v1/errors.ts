import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Logger } from '../../../services/platform/logger.js';

// One error shape for every answer of the Mini App API (docs/mini-app-api.md): a code the front end can
// branch on, a sentence it can show, and for a bad request the field, as `body.x`, `query.x` or `params.x`.
// Some errors carry figures beside the sentence, for the front end to show without parsing it (ApiErrorFacts).
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string } & ApiErrorFacts;
}

/** 409 insufficient_balance: the group's balance and the pool it falls short of, both integer strings in
 * the token's smallest unit, with the token's symbol and decimals. */
export interface ApiErrorFacts {
  balance?: string;
  needed?: string;
  symbol?: string;
  decimals?: number;
}

/** Thrown by routes and hooks; the error handler turns it into the one shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly facts: ApiErrorFacts = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string, field?: string) => new ApiError(400, code, message, field);
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} was not found`);

export function sendError(reply: FastifyReply, status: number, body: ApiErrorBody['error'], headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers(headers).send({ error: body } satisfies ApiErrorBody);
}

/** The first invalid field of a schema failure, named the way the request carried it (`query.x` for the
 * query string, as the contract says). A key a strict object does not know is named itself: zod reports it
 * on the object, which would only say `body`. */
function schemaFailure(error: FastifyError & { validation: Array<{ instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }> }): ApiErrorBody['error'] {
  const first = error.validation[0];
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  const segments = (first?.instancePath ?? '').split('/').filter(Boolean);
  const unknownKey = first?.keyword === 'unrecognized_keys' ? (first.params?.keys as unknown[] | undefined)?.[0] : undefined;
  if (typeof unknownKey === 'string') segments.push(unknownKey);
  const field = [context === 'querystring' ? 'query' : context, ...segments].join('.');
  const message = typeof unknownKey === 'string' ? 'is not a field this request takes' : (first?.message ?? 'is invalid');
  return { code: 'invalid_request', message: `${field}: ${message}`, field };
}

/** The error handler of the API's scope: known errors in their shape, anything else a 500 without details
 * (the log has them, the caller gets no stack). */
export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return sendError(reply, error.status, { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...error.facts });
    }
    if (hasZodFastifySchemaValidationErrors(error)) return sendError(reply, 400, schemaFailure(error));
    if (error.statusCode === 429) {
      return sendError(reply, 429, { code: 'rate_limited', message: error.message });
    }
    // Fastify's own refusals (malformed JSON, a body over the limit, a wrong content type).
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, error.statusCode, { code: error.statusCode === 413 ? 'body_too_large' : 'invalid_request', message: error.message, field: 'body' });
    }
    log.error({ err: error, route: request.routeOptions.url }, 'mini app api: request failed');
    return sendError(reply, 500, { code: 'internal', message: 'Something went wrong on our side; try again in a minute.' });
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }));
}
