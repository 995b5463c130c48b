import type { ServiceBase } from '../platform/service-base.js';
import type { HistoryAppender } from '../history/index.js';
import type { WalletHistoryEvent } from './history-events.js';
import type { Ledger } from '../ledger/index.js';

/** The wallet is Postgres only. */
export interface WalletDeps extends Pick<ServiceBase, 'db' | 'log' | 'clock'> {
  /** WALLET_XPUB, as config checked it (public, exported at DEPOSIT_ACCOUNT_PATH). */
  xpub: string;
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<WalletHistoryEvent>;
  /** The money's book: a group's balances follow it to its new chat id with its address (follow). Absent in
   * tests of addresses alone. */
  ledger?: Pick<Ledger, 'post' | 'balances'>;
}
