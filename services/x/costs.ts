import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { keyspace } from '../platform/redis.js';
import type { Usage, UsageRow, XPrices } from './types.js';

/** Pay-per-use prices (facts.md, 2026): $0.005 a post read, $0.010 a user read. */
export const DEFAULT_PRICES: XPrices = { postReadMicros: 5_000n, userReadMicros: 10_000n };

export function resolvePrices(overrides: Partial<XPrices> = {}): XPrices {
  const prices = { ...DEFAULT_PRICES, ...overrides };
  for (const [name, value] of Object.entries(prices)) {
    if (typeof value !== 'bigint' || value < 0n) throw new Error(`X price ${name} must be a non-negative bigint of micro-dollars`);
  }
  return prices;
}

/** X bills by UTC day: a resource read again the same UTC day is free. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The metric label: `raid:42:validation` -> `raid`, so the label set stays small. */
export function purposeKind(purpose: string): string {
  const i = purpose.indexOf(':');
  return i === -1 ? purpose : purpose.slice(0, i);
}

export interface Resources {
  posts: readonly string[];
  users: readonly string[];
}

export interface Charge {
  /** Everything the response carried. */
  resourcesRead: number;
  /** Only what was not already read today. */
  costMicros: bigint;
}

export function priceOf(prices: XPrices, fresh: { posts: number; users: number }): bigint {
  return BigInt(fresh.posts) * prices.postReadMicros + BigInt(fresh.users) * prices.userReadMicros;
}

const DAY_SECONDS = 86_400;

export interface Costs {
  /** Counts the resources of one response, charging only those not read yet this UTC day (app-wide, as X
   * bills the app: the first purpose to read a post today pays for it). */
  charge(resources: Resources, at: Date): Promise<Charge>;
  /** Adds one request's figures to its purpose's row for the day. */
  record(purpose: string, endpoint: string, at: Date, figures: { requests: number } & Charge): Promise<void>;
  usage(purpose: string): Promise<Usage>;
  /** What a purpose and its sub-purposes cost on one UTC day (`YYYY-MM-DD`), micro-dollars. */
  spentOn(purpose: string, day: string): Promise<bigint>;
}

const likeChildren = (purpose: string) => `${purpose.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;

export function createCosts(deps: { db: DataSource; redis: Redis; prefix: string; prices: XPrices }): Costs {
  const key = keyspace(deps.prefix);
  const seen = async (kind: 'post' | 'user', day: string, ids: readonly string[]) => {
    const unique = [...new Set(ids)];
    if (!unique.length) return 0;
    const k = key('x', 'seen', day, kind);
    const result = await deps.redis.multi().sadd(k, ...unique).expire(k, 2 * DAY_SECONDS).exec();
    const [error, added] = result?.[0] ?? [new Error('Redis transaction aborted'), 0];
    if (error) throw error;
    return Number(added);
  };

  return {
    async charge(resources, at) {
      const day = utcDay(at);
      const [posts, users] = await Promise.all([seen('post', day, resources.posts), seen('user', day, resources.users)]);
      return { resourcesRead: resources.posts.length + resources.users.length, costMicros: priceOf(deps.prices, { posts, users }) };
    },
    async record(purpose, endpoint, at, figures) {
      await deps.db.query(
        `INSERT INTO x.usage (purpose, endpoint, day, requests, resources_read, cost_micros)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (purpose, endpoint, day) DO UPDATE SET
           requests = x.usage.requests + EXCLUDED.requests,
           resources_read = x.usage.resources_read + EXCLUDED.resources_read,
           cost_micros = x.usage.cost_micros + EXCLUDED.cost_micros`,
        [purpose, endpoint, utcDay(at), figures.requests, figures.resourcesRead, figures.costMicros.toString()],
      );
    },
    async spentOn(purpose, day) {
      const [row] = await deps.db.query(
        `SELECT coalesce(sum(cost_micros), 0)::text AS micros FROM x.usage WHERE (purpose = $1 OR purpose LIKE $2) AND day = $3`,
        [purpose, likeChildren(purpose), day],
      );
      return BigInt(row.micros);
    },
    async usage(purpose) {
      const like = likeChildren(purpose);
      const raw: Array<{ endpoint: string; day: string; requests: string; resources_read: string; cost_micros: string }> = await deps.db.query(
        `SELECT endpoint, day::text AS day, sum(requests)::text AS requests, sum(resources_read)::text AS resources_read,
                sum(cost_micros)::text AS cost_micros
           FROM x.usage WHERE purpose = $1 OR purpose LIKE $2
          GROUP BY endpoint, day ORDER BY day, endpoint`,
        [purpose, like],
      );
      const rows: UsageRow[] = raw.map((r) => ({
        endpoint: r.endpoint,
        day: r.day,
        requests: Number(r.requests),
        resourcesRead: Number(r.resources_read),
        costMicros: BigInt(r.cost_micros),
      }));
      return {
        purpose,
        requests: rows.reduce((n, r) => n + r.requests, 0),
        resourcesRead: rows.reduce((n, r) => n + r.resourcesRead, 0),
        costMicros: rows.reduce((n, r) => n + r.costMicros, 0n),
        rows,
      };
    },
  };
}
