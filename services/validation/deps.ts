// What the DB-backed validation service is built from. Narrow Picks of the other services, so tests and the
// bench can hand in small stand-ins for users and groups while X, Postgres and Redis stay real.
import type { ServiceBase } from '../platform/service-base.js';
import type { Groups } from '../groups/index.js';
import type { HistoryAppender } from '../history/index.js';
import type { ValidationHistoryEvent } from './history-events.js';
import type { Notifications } from '../notifications/index.js';
import type { Raids } from '../raids/index.js';
import type { X } from '../x/index.js';
import type { MemberName, ValidationMessages } from './messages.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';
import type { Asset, Ledger } from '../ledger/index.js';

/** Real money for pools (payout.ts): the ledger and the asset a pool's symbol names on the configured chains. */
export interface ValidationMoney {
  ledger: Pick<Ledger, 'post' | 'balance'>;
  /** The asset of a pool's (upper-case) symbol, or null when no configured chain lists it. */
  assetOf(symbol: string): Asset | null;
}

// Postgres only: X's reads go through the X service, which keeps its own Redis state.
export interface ValidationDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  x: Pick<X, 'repliesTo' | 'quotesOf' | 'repostersOf' | 'likersOf' | 'getUsers' | 'recentPosts' | 'usage'>;
  raids: Pick<Raids, 'get' | 'claims' | 'claimTimes' | 'markValidated'>;
  users: {
    /** X user id -> Telegram id of the member who verified that account. */
    xAccountOwners(xUserIds: string[]): Promise<Map<string, TelegramUserId>>;
    profiles(ids: TelegramUserId[]): Promise<Map<TelegramUserId, MemberName>>;
  };
  /** The group's settings and its blacklist (groups keeps both; anti-fraud reads the list from here); `get`
   * (where given) tells the payout a group's new chat id after an upgrade, where its balance now is. */
  groups: Pick<Groups, 'settings' | 'blacklist'> & Partial<Pick<Groups, 'get'>>;
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<ValidationHistoryEvent>;
  notifications: Pick<Notifications, 'enqueue'>;
  /** What validation says in the group, in the words of the bot that sends it (messages.ts). */
  messages: (botId: number) => ValidationMessages;
  /** X_TIMELINE_READS_PER_RAID: timelines read per raid for claimants past X's 100 reposters (default 100; 0 = none). */
  timelineReadsPerRaid?: number;
  /** Null or absent: pools are unfunded numbers and payout() does nothing. */
  money?: ValidationMoney | null;
}
