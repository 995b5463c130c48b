import type { MiddlewareFn } from 'grammy';
import type { Message } from 'grammy/types';
import type { WarhornContext } from '../context.js';
import type { Analytics } from '../../services/analytics/index.js';
import { counter, type Registry } from '../../services/platform/metrics.js';
import { chatIdOf, userIdOf } from '../ids.js';

// What a member says, as opposed to service messages (joins, pins, title changes, video chats...). A list
// of content rather than of service kinds: a kind Telegram adds later is then not counted, which is the
// harmless mistake (a join counted as a message would be the other one).
const CONTENT = [
  'text', 'photo', 'video', 'animation', 'audio', 'document', 'sticker', 'voice', 'video_note', 'story',
  'paid_media', 'contact', 'dice', 'poll', 'venue', 'location', 'game', 'checklist',
] as const;

const isMemberContent = (msg: Message) =>
  // A channel speaking in its discussion group or an anonymous admin is not a member (from is a bot or
  // Telegram's own account then, but sender_chat is the clear sign).
  !msg.sender_chat && !msg.is_automatic_forward && CONTENT.some((key) => key in msg);

/** Counts every message a person sends in a group (commands included) for the activity leaderboard.
 * Goes after dedupe and the user upsert, so a redelivered update is not counted twice. The count is not
 * awaited: it must never hold up or fail the update, and ioredis keeps it in order on its connection
 * (with Redis down, it waits for the reconnect instead of blocking this chat's updates). */
export function countActivity(deps: { analytics: Pick<Analytics, 'countMessage'>; metrics: Registry }): MiddlewareFn<WarhornContext> {
  const { analytics, metrics } = deps;
  return async (ctx, next) => {
    const msg = ctx.update.message;
    const chat = msg?.chat;
    if (msg && (chat?.type === 'group' || chat?.type === 'supergroup') && msg.from && !msg.from.is_bot && isMemberContent(msg)) {
      analytics.countMessage(chatIdOf(chat), userIdOf(msg.from)).catch((error: unknown) => {
        counter(metrics, 'warhorn_analytics_count_failures_total', 'Group messages that could not be counted').inc();
        ctx.log.warn({ err: error }, 'could not count a group message');
      });
    }
    await next();
  };
}
