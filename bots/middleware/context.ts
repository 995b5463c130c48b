import type { MiddlewareFn } from 'grammy';
import type { BotDependencies, WarhornContext } from '../context.js';
import { counter, histogram } from '../../services/platform/metrics.js';

const updateType = (ctx: WarhornContext) => Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';

/** Gives each update its dependencies, a child logger, an outbox `send`, and times it. */
export function attachContext(deps: BotDependencies): MiddlewareFn<WarhornContext> {
  const updates = counter(deps.metrics, 'warhorn_bot_updates_total', 'Telegram updates received', ['bot', 'type']);
  const seconds = histogram(deps.metrics, 'warhorn_bot_update_seconds', 'Time to handle one update', ['bot'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  return async (ctx, next) => {
    const bot = String(ctx.me.id);
    const type = updateType(ctx);
    ctx.deps = deps;
    ctx.log = deps.log.child({ botId: ctx.me.id, updateId: ctx.update.update_id, type, chatId: ctx.chat?.id });
    ctx.send = (message, tx) => {
      const chatId = message.chatId ?? ctx.chat?.id;
      if (chatId === undefined) throw new Error('send: this update has no chat');
      return deps.notifications.enqueue(tx ?? deps.db.manager, {
        botId: ctx.me.id,
        chatId,
        method: 'sendMessage',
        payload: {
          text: message.text,
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(message.replyTo ? { reply_parameters: { message_id: message.replyTo, allow_sending_without_reply: true } } : {}),
        },
      });
    };
    updates.inc({ bot, type });
    const end = seconds.startTimer({ bot });
    try {
      await next();
    } finally {
      end();
    }
  };
}
