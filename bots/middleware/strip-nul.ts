import type { MiddlewareFn } from 'grammy';
import type { Context } from 'grammy';

/** Removes NUL characters from every string of the update, in place. Telegram passes them through, but
 * Postgres text and jsonb cannot hold one: a name or message carrying it would fail every write, answered
 * "sorry" on every try. Nothing a person means is lost with it. */
export function stripNul(): MiddlewareFn<Context> {
  return (ctx, next) => {
    clean(ctx.update);
    return next();
  };
}

function clean(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) object[key] = v.replaceAll('\u0000', '');
    } else if (v !== null && typeof v === 'object') clean(v);
  }
}
