import type { MiddlewareFn } from 'grammy';
import type { WarhornContext } from '../context.js';

const PROCESSING_SECONDS = 60;
const REMEMBER_SECONDS = 24 * 3600;

/** Telegram redelivers an update when our answer is late or lost: process each (bot, update_id) once.
 * The mark is short-lived while the update runs, so if this process dies mid-way a redelivery after a
 * minute is processed; once done it is kept for Telegram's 24 h retention window. */
export function dedupeUpdates(): MiddlewareFn<WarhornContext> {
  return async (ctx, next) => {
    const { redis, prefix } = ctx.deps;
    const key = `${prefix}:update:${ctx.me.id}:${ctx.update.update_id}`;
    const fresh = await redis.set(key, 'processing', 'EX', PROCESSING_SECONDS, 'NX');
    if (fresh === null) {
      ctx.log.debug('duplicate update skipped');
      return;
    }
    try {
      await next();
    } catch (error) {
      // Let Telegram's retry (or the runner's) try again: we have not done the work.
      await redis.del(key);
      throw error;
    }
    await redis.set(key, 'done', 'EX', REMEMBER_SECONDS);
  };
}
