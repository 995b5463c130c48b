import type { MiddlewareFn } from 'grammy';
import type { WarhornContext } from '../context.js';
import { counter, histogram, type Registry } from '../../services/platform/metrics.js';

const updateType = (ctx: WarhornContext) => Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';

/** Counts and times each update. */
export function countUpdates(metrics: Registry): MiddlewareFn<WarhornContext> {
  const updates = counter(metrics, 'warhorn_bot_updates_total', 'Telegram updates received', ['bot', 'type']);
  const seconds = histogram(metrics, 'warhorn_bot_update_seconds', 'Time to handle one update', ['bot'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  // Label children looked up once per (bot, type) rather than hashed on every update.
  const counted = new Map<string, { inc(): void }>();
  const timed = new Map<string, { startTimer(): () => void }>();
  return async (ctx, next) => {
    const bot = String(ctx.me.id);
    const type = updateType(ctx);
    const key = `${bot}:${type}`;
    let count = counted.get(key);
    if (!count) counted.set(key, (count = updates.labels({ bot, type })));
    count.inc();
    let timer = timed.get(bot);
    if (!timer) timed.set(bot, (timer = seconds.labels({ bot })));
    const end = timer.startTimer();
    try {
      await next();
    } finally {
      end();
    }
  };
}
