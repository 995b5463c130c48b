import type { ServiceBase } from '../platform/service-base.js';
import type { HistoryAppender } from '../history/index.js';
import type { LedgerHistoryEvent } from './history-events.js';

/** The ledger is Postgres only; every posting's history event rides its transaction. */
export interface LedgerDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  /** Only this service's declared events (history-events.ts) can be recorded. */
  history: HistoryAppender<LedgerHistoryEvent>;
}
