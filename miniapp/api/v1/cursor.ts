import { badRequest } from './errors.js';

// Cursors are opaque to the front end: base64url of the last row's sort key as JSON. Anything that does
// not decode to the expected shape is the caller's mistake (400 naming query.cursor), never a 500.

export const encodeCursor = (key: readonly (string | number)[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The sort key a cursor carries, checked by `parse`, which returns null for a shape it does not accept. */
export function decodeCursor<T>(cursor: string, parse: (key: unknown[]) => T | null): T {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const parsed = Array.isArray(key) ? parse(key) : null;
  if (parsed === null) throw badRequest('invalid_request', 'query.cursor: is not a cursor this list gave', 'query.cursor');
  return parsed;
}
