import type { ServiceBase } from '../platform/service-base.js';

/** Analytics counts in Redis on the hot path and flushes to Postgres (flush.ts): the whole bundle, nothing more. */
export type AnalyticsDeps = Pick<ServiceBase, 'db' | 'redis' | 'prefix' | 'log' | 'metrics' | 'clock'>;
