import type { BotError } from 'grammy';
import type { WarhornContext } from '../context.js';
import { counter, type Registry } from '../../services/platform/metrics.js';
import { isInfrastructureError } from '../../services/platform/infrastructure-errors.js';

const SORRY = 'Sorry, something went wrong on my side. It has been logged; please try again in a minute.';

/** The error boundary's handler. A handler bug: log with the update's logger, count, answer the person
 * politely and swallow (a redelivery would fail the same way). An infrastructure failure (Postgres, Redis,
 * the network): rethrow, so the dedupe mark is released and the webhook answers 500 and Telegram redelivers
 * the update; nobody is answered, since the outbox is most likely down too and the retry will do the work. */
export function politeErrors(metrics: Registry): (error: BotError<WarhornContext>) => Promise<void> {
  return (error) => politeErrorHandler(metrics, error);
}

async function politeErrorHandler(metrics: Registry, error: BotError<WarhornContext>): Promise<void> {
  const ctx = error.ctx;
  const bot = String(ctx.me.id);
  counter(metrics, 'warhorn_bot_errors_total', 'Updates whose handler failed', ['bot']).inc({ bot });
  if (isInfrastructureError(error.error)) {
    counter(metrics, 'warhorn_bot_updates_retried_total', 'Updates given back for redelivery: a dependency was down', ['bot']).inc({ bot });
    // Logged once, where it is finally caught (webhook route or bot.catch).
    throw error.error;
  }
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
