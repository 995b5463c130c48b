import type { X } from '../../x/index.js';
import type { FeedsDeps } from '../deps.js';

export interface KolsConfig {
  /** KOLs one group may track. */
  maxKolsPerGroup: number;
  /** Bounds of a search query's adaptive interval: a query that finds posts is read more often. KOL posts are
   * ranked over days, so minutes of delay cost nothing, while every read spends the app's search window
   * (450 requests per 15 minutes, shared with mentions and raid validation). */
  minIntervalMs: number;
  maxIntervalMs: number;
  /** How long after posting engagement is re-read (most of it comes in the first days). */
  refreshDays: number;
  /** How often at most one post is re-read: each read of a post is billed, once per UTC day. */
  refreshEveryMs: number;
  /** Queries read per pass, and posts re-read per pass (100 per request). */
  batchSize: number;
  refreshBatchSize: number;
}

export const DEFAULT_KOLS_CONFIG: KolsConfig = {
  maxKolsPerGroup: 50,
  minIntervalMs: 120_000,
  maxIntervalMs: 1_800_000,
  refreshDays: 3,
  refreshEveryMs: 6 * 3_600_000,
  batchSize: 50,
  refreshBatchSize: 1000,
};

/** What feeds are built from, plus the reads KOL tracking makes. `config` of feeds gives the deployment's
 * daily cap, which KOL reads count against as the rest of feeds do (purpose `feeds:kols:...`). */
export interface KolsDeps extends Omit<FeedsDeps, 'x' | 'hooks'> {
  x: Pick<X, 'searchSince' | 'getPosts' | 'getUserByUsername' | 'spentOn'>;
  kols?: Partial<KolsConfig>;
  /** Test hook: a throw there is a crash after X answered a search, before its commit. */
  afterSearch?(queryId: string): void | Promise<void>;
}
