import { chatId, telegramUserId } from '../../../services/platform/telegram-ids.js';
import { z } from 'zod';

// Schemas every route shares. Each route names its error answers too, so the OpenAPI document shows them.
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    // The figures of 409 insufficient_balance (errors.ts ApiErrorFacts): listed, or the reply would drop them.
    balance: z.string().optional(),
    needed: z.string().optional(),
    symbol: z.string().optional(),
    decimals: z.number().int().optional(),
  }),
});

export const errorResponses = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 429: errorBody } as const;

/** A path's group: Telegram chat ids of groups are negative integers. */
export const chatIdParam = z.coerce
  .number()
  .int()
  .refine((n) => Number.isSafeInteger(n) && n !== 0, 'must be a chat id')
  .transform((n) => chatId(n));
/** A member named in a path (a claimant an admin decides on). */
export const userIdParam = z.coerce
  .number()
  .int()
  .refine((n) => Number.isSafeInteger(n) && n > 0, 'must be a user id')
  .transform((n) => telegramUserId(n));
/** Raids are numbered by the database (bigint), carried as decimal strings. */
export const raidIdParam = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a raid id');

/** Cursor paging: newest first; `cursor` is the previous page's `nextCursor`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** An amount of a token: the integer in its smallest unit as a string, with the token's decimals. */
export const money = z.object({ amount: z.string().regex(/^\d+$/), decimals: z.number().int().min(0).max(36), token: z.string() });

/** The body of a POST that takes none. Fastify hands a request without a body to the schema as `null`
 * (not undefined), so `.optional()` alone would refuse the bare POST the front end sends. */
export const noBody = z.object({}).strict().nullish();
