import type { ServiceBase } from '../platform/service-base.js';
import type { ChatId } from '../platform/telegram-ids.js';
import type { HistoryAppender } from '../history/index.js';
import type { Ledger } from '../ledger/index.js';
import type { Notifications } from '../notifications/index.js';
import type { GroupRecord } from '../groups/index.js';
import type { DepositHistoryEvent } from './history-events.js';
import type { DepositMessages } from './messages.js';
import type { RetryOptions } from '../platform/evm-rpc.js';

/** Test hooks: each runs at its point of a pass; a throw there is a crash at that point. */
export interface ScanHooks {
  /** After the range's deposits and cursor are committed, before any credit. */
  afterRecord?(chainId: number): void | Promise<void>;
}

/** The scanner is Postgres (its tables, the ledger's, the outbox's) and the chains' RPC; no Redis. */
export interface DepositsDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  /** The deposit addresses and their groups (the wallet service's); read once per pass, matched in memory. */
  watched(): Promise<Array<{ address: string; chatId: ChatId }>>;
  /** Credits go through the ledger, in the scanner's transaction. */
  ledger: Pick<Ledger, 'post'>;
  notifications: Pick<Notifications, 'enqueue'>;
  /** Which bot speaks in the group (the notice goes from it). */
  groups: { get(chatId: ChatId): Promise<Pick<GroupRecord, 'botId'> | null> };
  messages: (botId: number) => DepositMessages;
  history: HistoryAppender<DepositHistoryEvent>;
  /** Blocks read per pass at most (default 100). */
  rangeSize?: number;
  /** Per RPC request (default 10 s): a hanging provider is a timeout, retried. */
  rpcTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Where a chain with no cursor starts (default: its head when first scanned). */
  startBlock?(chainId: number): number | undefined;
  hooks?: ScanHooks;
}
