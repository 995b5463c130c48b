import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { DataSource } from 'typeorm';
import type { Logger } from '../services/platform/logger.js';
import type { Redis } from '../services/platform/redis.js';
import type { Registry } from '../services/platform/metrics.js';
import type { Tx } from '../services/platform/database.js';
import type { Users } from '../services/users/index.js';
import type { Groups } from '../services/groups/index.js';
import type { Notifications } from '../services/notifications/index.js';
import type { Raids } from '../services/raids/index.js';
import type { Analytics } from '../services/analytics/index.js';
import type { Leaderboards } from '../services/leaderboards/index.js';
import type { Validation } from '../services/validation/index.js';

/** What every bot (main and white-label) is built from. Passed in; nothing is global. */
export interface BotDependencies {
  db: DataSource;
  redis: Redis;
  /** Redis key prefix (a hash tag such as `{warhorn}`). */
  prefix: string;
  log: Logger;
  metrics: Registry;
  users: Users;
  groups: Groups;
  notifications: Pick<Notifications, 'enqueue' | 'enqueueNow'>;
  raids: Raids;
  analytics: Pick<Analytics, 'countMessage'>;
  leaderboards: Leaderboards;
  /** Null when the deployment has no X credentials. */
  validation: Validation | null;
}

export interface OutgoingText {
  text: string;
  /** Answer as a reply to the message that asked (groups), so the asker sees it is for them. */
  replyTo?: number;
  /** Send to this chat instead of the current one (e.g. a private chat with the asker). */
  chatId?: number;
}

export interface WarhornFlavor {
  /** A child logger carrying the bot and update ids. */
  log: Logger;
  deps: BotDependencies;
  /** Queues a message in the outbox (in `tx` when given, so it commits with the change it reports). */
  send(message: OutgoingText, tx?: Tx): Promise<string>;
}

/** Inside a conversation the context is a plain one: dependencies are captured by the conversation's builder. */
export type WarhornContext = ConversationFlavor<Context & WarhornFlavor>;
