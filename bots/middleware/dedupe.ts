import type { MiddlewareFn } from 'grammy';
import type { WarhornContext } from '../context.js';
import { counter, type Registry } from '../../services/platform/metrics.js';
import type { Redis } from '../../services/platform/redis.js';

const PROCESSING_SECONDS = 60;
const REMEMBER_SECONDS = 24 * 3600;
/** While the handler runs, its mark is extended this often, so a slow update (a wizard's X lookup, a big
 * export) is not taken up again by another replica after a minute. */
const EXTEND_EVERY_MS = 20_000;

/** Telegram redelivers an update when our answer is late or lost: process each (bot, update_id) once.
 * The mark is short-lived while the update runs (and extended while it still runs), so if this process
 * dies mid-way a redelivery after a minute is processed; once done it is kept for Telegram's 24 h
 * retention window.
 *
 * Only the first mark is waited for. The "done" mark is sent without holding the answer to Telegram: the
 * work is committed by then, and the mark only matters to a redelivery, which cannot come before we
 * answer. Should it fail (Redis went away that instant), the processing mark still covers its minute. */
export interface DedupeDeps {
  redis: Redis;
  /** Redis key prefix (a hash tag such as `{warhorn}`). */
  prefix: string;
  metrics: Registry;
}

export function dedupeUpdates(deps: DedupeDeps, options: { processingSeconds?: number; extendEveryMs?: number } = {}): MiddlewareFn<WarhornContext> {
  const { redis, prefix, metrics } = deps;
  const processingSeconds = options.processingSeconds ?? PROCESSING_SECONDS;
  const extendEveryMs = options.extendEveryMs ?? EXTEND_EVERY_MS;
  return async (ctx, next) => {
    // The epoch is the bot's (ctx.updateEpoch): one tree serves every bot.
    const epoch = ctx.updateEpoch ? `${ctx.updateEpoch}:` : '';
    const key = `${prefix}:update:${ctx.me.id}:${epoch}${ctx.update.update_id}`;
    const fresh = await redis.set(key, 'processing', 'EX', processingSeconds, 'NX');
    if (fresh === null) {
      ctx.log.debug('duplicate update skipped');
      return;
    }
    const extend = setInterval(() => {
      redis.expire(key, processingSeconds).catch(() => undefined);
    }, extendEveryMs);
    extend.unref();
    try {
      await next();
    } catch (error) {
      // Let Telegram's retry (or long polling's) try again: we have not done the work.
      await redis.del(key).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(extend);
    }
    redis.set(key, 'done', 'EX', REMEMBER_SECONDS).catch((error: unknown) => {
      counter(metrics, 'warhorn_bot_dedupe_mark_failures_total', 'Updates whose done mark could not be written (the processing mark covers them for a minute)').inc();
      ctx.log.warn({ err: error }, 'could not mark the update done');
    });
  };
}
