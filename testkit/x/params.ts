// Query parameter checks with X's own 400 messages, and opaque pagination tokens.
import { createHash } from 'node:crypto';
import { invalidRequest } from './errors.js';

export function maxResults(q: URLSearchParams, min: number, max: number, fallback: number): number {
  const raw = q.get('max_results');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw invalidRequest('max_results', raw, `The \`max_results\` query parameter value [${raw}] is not between ${min} and ${max}`);
  }
  return n;
}

export function snowflakeParam(q: URLSearchParams, name: string): string | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (!/^\d{1,19}$/.test(raw)) throw invalidRequest(name, raw, `The \`${name}\` query parameter value [${raw}] is not valid`);
  return raw;
}

export function checkId(name: string, raw: string): string {
  if (!/^\d{1,19}$/.test(raw)) throw invalidRequest(name, raw, `The \`${name}\` query parameter value [${raw}] is not valid`);
  return raw;
}

export function timeParam(q: URLSearchParams, name: string): Date | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const d = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(d.getTime())) {
    throw invalidRequest(name, raw, `Invalid '${name}':'${raw}'. '${name}' must be a valid RFC 3339 date-time`);
  }
  return d;
}

/** X prints these bounds to the minute: "2026-11-14T08:00Z". */
export const minuteStamp = (d: Date) => `${d.toISOString().slice(0, 16)}Z`;

export function idList(q: URLSearchParams, name: string): string[] {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    throw invalidRequest(name, '', `The \`${name}\` query parameter can not be empty`);
  }
  const ids = raw.split(',');
  if (ids.length > 100) {
    throw invalidRequest(name, raw, `The number of values in the \`${name}\` query parameter list [${ids.length}] is not between 1 and 100`);
  }
  for (const id of ids) checkId(name, id);
  return ids;
}

// Tokens are bound to the query they page through, so a token from another query is refused as X does.
export function encodeToken(scope: string, cursor: string): string {
  const tag = createHash('sha256').update(scope).digest('hex').slice(0, 8);
  return `${tag}${Buffer.from(cursor, 'utf8').toString('hex')}`.toLowerCase();
}

export function decodeToken(q: URLSearchParams, names: string[], scope: string): string | undefined {
  for (const name of names) {
    const raw = q.get(name);
    if (raw === null) continue;
    const tag = createHash('sha256').update(scope).digest('hex').slice(0, 8);
    const body = raw.slice(8);
    if (!raw.startsWith(tag) || !/^[0-9a-f]+$/.test(body) || body.length % 2) {
      throw invalidRequest(name, raw, `The \`${name}\` query parameter value [${raw}] is not valid`);
    }
    return Buffer.from(body, 'hex').toString('utf8');
  }
  return undefined;
}

/**
 * One page of `items`, which are in X's order (newest first, ids descending). The cursor is the last id
 * handed out, so posts arriving between pages neither repeat nor shift the next page.
 */
export function pageDesc<T extends { id: string }>(items: T[], afterId: string | undefined, size: number): { items: T[]; next?: string } {
  let start = 0;
  if (afterId !== undefined) {
    const after = BigInt(afterId);
    start = items.findIndex((t) => BigInt(t.id) < after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + size);
  const more = start + size < items.length;
  return { items: slice, next: more && slice.length ? slice[slice.length - 1]!.id : undefined };
}
