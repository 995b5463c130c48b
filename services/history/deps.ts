import type { ServiceBase } from '../platform/service-base.js';
import type { Anchor } from './anchors.js';

/** History is Postgres only (appends ride the caller's transaction; the sealer and verify read the table). */
export interface HistoryDeps extends Pick<ServiceBase, 'db' | 'log' | 'metrics' | 'clock'> {
  /** Events chained per sealer transaction (default 5,000): keeps each transaction and its lock short. */
  sealBatchSize?: number;
  /** Publishes the chain's head outside the database every `everySeals` seals (anchors.ts). */
  anchor?: { everySeals: number; publish(anchor: Anchor): Promise<void> };
}
