// An ApiError in the user's words: the server's message where it speaks to them (a refusal, a bad value),
// ours where it names a condition (offline, expired session, not an admin).
import type { ApiError } from '../api/errors';
import type { Texts } from '../texts/en';

export function errorText(e: ApiError, texts: Texts): string {
  const errors = texts.common.errors;
  if (e.code === 'network') return errors.network;
  // init_data_expired: the launch is older than the API accepts; the others (forged, another bot's,
  // malformed) are fixed the same way, by opening the app again from the bot.
  if (e.status === 401) return e.code === 'init_data_expired' ? errors.expired : errors.unauthenticated;
  if (e.code === 'not_admin') return errors.forbidden;
  if (e.code === 'not_member') return errors.notMember;
  if (e.status === 403) return errors.forbidden;
  if (e.status === 404) return errors.notFound;
  if (e.status === 429) return errors.rateLimited(e.retryAfterS);
  if (e.status >= 500 && e.message && e.code !== 'internal' && !e.code.startsWith('http_')) return e.message;
  if (e.status >= 500 || e.code.startsWith('http_')) return errors.server;
  return fieldMessage(e);
}

/** A 400's message without the name of the field it is shown under ("postUrl: is not X…" → "is not X…"). */
export function fieldMessage(e: ApiError): string {
  if (!e.field) return e.message;
  const stripped = e.message.replace(/^[\w.]+: /, '');
  return stripped === e.message ? e.message : stripped.charAt(0).toUpperCase() + stripped.slice(1);
}
