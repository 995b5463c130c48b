import type { MiddlewareFn } from 'grammy';
import type { BotDependencies, WarhornContext } from '../context.js';
import { counter, histogram } from '../../services/platform/metrics.js';

const updateType = (ctx: WarhornContext) => Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';

/** Gives each update its dependencies (the logger and `send` come with the context class, see
 * warhorn-context.ts), counts and times it. */
export function attachContext(deps: BotDependencies): MiddlewareFn<WarhornContext> {
  const updates = counter(deps.metrics, 'warhorn_bot_updates_total', 'Telegram updates received', ['bot', 'type']);
  const seconds = histogram(deps.metrics, 'warhorn_bot_update_seconds', 'Time to handle one update', ['bot'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  // Label children looked up once per (bot, type) rather than hashed on every update.
  const counted = new Map<string, { inc(): void }>();
  const timed = new Map<string, { startTimer(): () => void }>();
  return async (ctx, next) => {
    const bot = String(ctx.me.id);
    ctx.deps = deps;
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
