import type { BotError } from 'grammy';
import type { WarhornContext } from '../context.js';
import { counter } from '../../services/platform/metrics.js';

const SORRY = 'Sorry, something went wrong on my side. It has been logged; please try again in a minute.';

/** The error boundary's handler: log with the update's logger, count, and answer the person politely. */
export async function politeErrorHandler(error: BotError<WarhornContext>): Promise<void> {
  const ctx = error.ctx;
  counter(ctx.deps.metrics, 'warhorn_bot_errors_total', 'Updates whose handler failed', ['bot']).inc({ bot: String(ctx.me.id) });
  ctx.log.error({ err: error.error }, 'update handler failed');
  try {
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: SORRY, show_alert: true });
    } else if (ctx.message && ctx.chat) {
      await ctx.send({ text: SORRY, replyTo: ctx.message.message_id });
    }
  } catch (answerError) {
    ctx.log.warn({ err: answerError }, 'could not tell the user about the failure');
  }
}
