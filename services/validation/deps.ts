// What the DB-backed validation service is built from. Narrow Picks of the other services, so tests and the
// bench can hand in small stand-ins for users and groups while X, Postgres and Redis stay real.
import type { DataSource } from 'typeorm';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Registry } from '../platform/metrics.js';
import type { Groups } from '../groups/index.js';
import type { History } from '../history/index.js';
import type { Notifications } from '../notifications/index.js';
import type { Raids } from '../raids/index.js';
import type { X } from '../x/index.js';
import type { MemberName, ValidationMessages } from './messages.js';

export interface ValidationDeps {
  db: DataSource;
  x: Pick<X, 'repliesTo' | 'quotesOf' | 'repostersOf' | 'likersOf' | 'getUsers' | 'recentPosts' | 'usage'>;
  raids: Pick<Raids, 'get' | 'claims' | 'claimTimes' | 'markValidated'>;
  users: {
    /** X user id -> Telegram id of the member who verified that account. */
    xAccountOwners(xUserIds: string[]): Promise<Map<string, number>>;
    profiles(ids: number[]): Promise<Map<number, MemberName>>;
  };
  /** The group's settings and its blacklist (groups keeps both; anti-fraud reads the list from here). */
  groups: Pick<Groups, 'settings' | 'blacklist'>;
  history: Pick<History, 'append'>;
  notifications: Pick<Notifications, 'enqueue'>;
  /** What validation says in the group, in the words of the bot that sends it (messages.ts). */
  messages: (botId: number) => ValidationMessages;
  log: Logger;
  metrics: Registry;
  clock?: Clock;
  /** X_TIMELINE_READS_PER_RAID: timelines read per raid for claimants past X's 100 reposters (default 100; 0 = none). */
  timelineReadsPerRaid?: number;
}
