import type { ServiceBase } from '../platform/service-base.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { HistoryBatchAppender } from '../history/index.js';
import type { Notifications } from '../notifications/index.js';
import type { GroupRecord } from '../groups/index.js';
import type { X } from '../x/index.js';
import type { Raids } from '../raids/index.js';
import type { FeedHistoryEvent } from './history-events.js';
import type { FeedMessages } from './messages.js';

export interface FeedsConfig {
  /** Bounds of an account's adaptive poll interval (FEEDS_MIN_INTERVAL_MS, FEEDS_MAX_INTERVAL_MS). */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** The deployment's daily cap on what feeds spend on X, integer micro-dollars (FEEDS_DAILY_CAP_USD); null: none. */
  deploymentCapMicros: bigint | null;
  /** Accounts one group may follow (FEEDS_MAX_FOLLOWS_PER_GROUP). */
  maxFollowsPerGroup: number;
  /** X's recent-search query length on the deployment's plan (X_SEARCH_QUERY_MAX_LENGTH: 512, or 4,096). */
  searchQueryMaxLength?: number;
  /** The mention rate cap's window (default an hour: the setting is mentions.per_hour; tests shorten it). */
  mentionWindowMs?: number;
  /** Mention terms one group may have (default 20). */
  maxTermsPerGroup?: number;
  /** Accounts polled per pass at most, and how many at once. */
  batchSize?: number;
  concurrency?: number;
}

/** Test hooks: a throw there is a crash at that point of a poll. */
export interface PollHooks {
  /** After X answered, before the forwards and the cursor are committed. */
  afterRead?(xUserId: string): void | Promise<void>;
}

export interface FeedsDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  x: Pick<X, 'timelineSince' | 'searchSince' | 'getUserByUsername' | 'spentOn'>;
  notifications: Pick<Notifications, 'enqueueMany'>;
  /** The groups' rows (bot, active, settings: the group's own cap), many at once. */
  groups: { many(chatIds: readonly ChatId[]): Promise<GroupRecord[]> };
  messages: (botId: number) => FeedMessages;
  history: HistoryBatchAppender<FeedHistoryEvent>;
  /** Auto-raids open raids through the raids service; absent: auto-raids are off. */
  raids?: Pick<Raids, 'launch' | 'active' | 'latest' | 'cancel'>;
  config: FeedsConfig;
  hooks?: PollHooks;
}
