// An ApiError in the user's words: the server's message where it speaks to them (a refusal, a bad value),
// ours where it names a condition (offline, expired session, not an admin).
import type { ApiError } from '../api/errors';
import type { Texts } from '../texts/en';

export function errorText(e: ApiError, texts: Texts): string {
  const errors = texts.common.errors;
  if (e.code === 'network') return errors.network;
  if (e.status === 401) return errors.expired;
  if (e.status === 403) return errors.forbidden;
  if (e.status === 404) return errors.notFound;
  if (e.status === 429) return errors.rateLimited(e.retryAfterS);
  if (e.status >= 500 || e.code.startsWith('http_')) return errors.server;
  return e.message;
}
