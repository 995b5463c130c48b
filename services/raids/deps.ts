import type { ChatPermissions } from 'grammy/types';
import type { ServiceBase } from '../platform/service-base.js';
import type { HistoryAppender } from '../history/index.js';
import type { RaidHistoryEvent } from './history-events.js';
import type { Notifications } from '../notifications/index.js';
import type { Groups } from '../groups/index.js';
import type { X } from '../x/index.js';
import type { RaidMessages } from './messages.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { Asset, Ledger } from '../ledger/index.js';

/** Real money for pools: the ledger and the asset a pool's token symbol names on the configured chains
 * (platform/chains.ts assetOfSymbol). Absent when the deployment has no wallet or chains: pools stay numbers. */
export interface RaidMoney {
  ledger: Pick<Ledger, 'post' | 'balance'>;
  /** The asset of a pool's (upper-case) symbol, or null when no configured chain lists it. */
  assetOf(symbol: string): Asset | null;
}

/** The Telegram calls a raid makes directly: chat permissions are state, not messages, so they do not go
 * through the outbox. */
export interface RaidTelegram {
  getChatPermissions(botId: number, chatId: ChatId): Promise<ChatPermissions | undefined>;
  setChatPermissions(botId: number, chatId: ChatId, permissions: ChatPermissions): Promise<void>;
}

/** The whole bundle: raids in Postgres, their jobs in BullMQ under `prefix`, every deadline on the clock. */
export interface RaidsDeps extends Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log' | 'metrics' | 'clock'> {
  /** Null when the deployment has no X credentials: raids cannot be launched then. */
  x: Pick<X, 'getPost'> | null;
  /** `isMember` asks Telegram who is in a raid's group when someone claims. */
  groups: Pick<Groups, 'get' | 'isMember'>;
  users: { xAccountOf(telegramId: number): Promise<{ xUserId: string; username: string } | null> };
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<RaidHistoryEvent>;
  notifications: Pick<Notifications, 'enqueue' | 'status' | 'supersede'>;
  telegram: RaidTelegram;
  /** What the raids say in the group, in the words of the bot that sends them (messages.ts). */
  messages: (botId: number) => RaidMessages | Promise<RaidMessages>;
  /** Null or absent: pools are unfunded numbers (no WALLET_XPUB or no chains), as before money. */
  money?: RaidMoney | null;
  tickIntervalMs: number;
  validationGraceMs: number;
  /** BullMQ queue that carries raid ticks, ends and validations (see scheduler.ts). */
  queueName?: string;
  /** This database's id (platform/installation.ts), part of every raid job. */
  installation: string;
}
