// Per-group analytics. For now: message activity, counted in Redis on the hot path (one script call per
// message) and moved into Postgres every minute by flushActivity (see flush.ts and README.md).
import type { ServiceSchema } from '../platform/database.js';
import { counter } from '../platform/metrics.js';
import type { AnalyticsDeps } from './deps.js';
import { ACTIVITY_TTL_SECONDS, COUNT_LUA, activityKeys, luaScript, memberOf, utcDay } from './activity-keys.js';
import { flushActivity } from './flush.js';
import { messagesByMember, type ActivityRow } from './message-totals.js';
import { CreateAnalytics1764000008000 } from './migrations/create-analytics-1764000008000.js';
import { MessageActivityByMember1764000008100 } from './migrations/message-activity-by-member-1764000008100.js';
import { chatsWithMessagesFrom } from './member-chats.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export type { ActivityRow } from './message-totals.js';
export type { AnalyticsDeps } from './deps.js';

export const analyticsSchema: ServiceSchema = { migrations: [CreateAnalytics1764000008000, MessageActivityByMember1764000008100] };

export interface Analytics {
  /** Counts one message of `userId` in group `chatId` today (UTC). One Redis round trip, no database. */
  countMessage(chatId: ChatId, userId: TelegramUserId): Promise<void>;
  /** Moves the counts waiting in Redis into Postgres; `flushed` is the number of messages added. */
  flushActivity(): Promise<{ flushed: number }>;
  /** Members with the most messages (stored and not yet flushed), from `since`'s UTC day on when given:
   * the counts the leaderboards service's message board ranks. */
  messagesByMember(chatId: ChatId, options: { since?: Date; limit: number }): Promise<ActivityRow[]>;
  /** The groups the member has messages counted in (flushed counts: a first message shows within a
   * minute). For the member's own list of groups. */
  chatsWithMessagesFrom(userId: TelegramUserId): Promise<ChatId[]>;
}

const countScript = luaScript(COUNT_LUA);

export function createAnalytics(deps: AnalyticsDeps): Analytics {
  const { db, redis, log, clock } = deps;
  const now = () => clock.now();
  const keys = activityKeys(deps.prefix);
  const counted = counter(deps.metrics, 'warhorn_analytics_messages_counted_total', 'Group messages counted for activity');
  const flushed = counter(deps.metrics, 'warhorn_analytics_messages_flushed_total', 'Counted messages moved from Redis to Postgres');

  return {
    async countMessage(chatId, userId) {
      const day = utcDay(now());
      await countScript(redis, [keys.live(chatId, day), keys.dirty], [userId, ACTIVITY_TTL_SECONDS, memberOf(chatId, day)]);
      counted.inc();
    },
    async flushActivity() {
      const result = await flushActivity({ db, redis, keys, now });
      flushed.inc(result.flushed);
      if (result.flushed > 0) log.debug({ flushed: result.flushed }, 'message activity flushed');
      return result;
    },
    messagesByMember: (chatId, options) => messagesByMember({ db, redis, keys, now }, chatId, options),
    chatsWithMessagesFrom: (userId) => chatsWithMessagesFrom(db, userId),
  };
}
