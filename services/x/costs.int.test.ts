import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { createCosts, DEFAULT_PRICES, type Costs } from './costs.js';
import { freshXDatabase } from './x.test-support.js';

let db: TestDatabase;
let r: TestRedis;
let costs: Costs;
beforeAll(async () => {
  [db, r] = await Promise.all([freshXDatabase('x_costs'), freshRedis()]);
  costs = createCosts({ db: db.dataSource, redis: r.redis, prefix: r.prefix, prices: DEFAULT_PRICES });
});
afterAll(async () => {
  await r.cleanup();
  await db.drop();
});

const day1 = new Date('2026-11-03T10:00:00Z');
const day1late = new Date('2026-11-03T23:59:00Z');
const day2 = new Date('2026-11-04T00:01:00Z');

describe('cost accounting', () => {
  it('charges a post or user once per UTC day, whoever reads it again, and anew the next day', async () => {
    expect(await costs.charge({ posts: ['p1', 'p2', 'p2'], users: ['u1'] }, day1)).toEqual({ resourcesRead: 4, costMicros: 20_000n });
    expect(await costs.charge({ posts: ['p1', 'p3'], users: ['u1', 'u2'] }, day1late)).toEqual({ resourcesRead: 4, costMicros: 15_000n });
    expect(await costs.charge({ posts: ['p1'], users: [] }, day2)).toEqual({ resourcesRead: 1, costMicros: 5_000n });
  });

  it('a post and a user with the same id are different resources', async () => {
    expect((await costs.charge({ posts: ['same'], users: ['same'] }, day1)).costMicros).toBe(15_000n);
  });

  it('persists per purpose, endpoint and day with increments; usage sums a purpose and its sub-purposes', async () => {
    await costs.record('raid:7:launch', 'tweets/:id', day1, { requests: 1, resourcesRead: 2, costMicros: 15_000n });
    await costs.record('raid:7:validation', 'tweets/search/recent', day1, { requests: 1, resourcesRead: 100, costMicros: 500_000n });
    await costs.record('raid:7:validation', 'tweets/search/recent', day1late, { requests: 1, resourcesRead: 40, costMicros: 0n });
    await costs.record('raid:7:validation', 'tweets/search/recent', day2, { requests: 1, resourcesRead: 1, costMicros: 5_000n });
    await costs.record('raid:70:validation', 'tweets', day1, { requests: 9, resourcesRead: 9, costMicros: 9n });
    await costs.record('raid:7%', 'tweets', day1, { requests: 1, resourcesRead: 1, costMicros: 1n });

    const validation = await costs.usage('raid:7:validation');
    expect(validation).toMatchObject({ requests: 3, resourcesRead: 141, costMicros: 505_000n });
    expect(validation.rows).toEqual([
      { endpoint: 'tweets/search/recent', day: '2026-11-03', requests: 2, resourcesRead: 140, costMicros: 500_000n },
      { endpoint: 'tweets/search/recent', day: '2026-11-04', requests: 1, resourcesRead: 1, costMicros: 5_000n },
    ]);
    // 'raid:70:...' and the literal 'raid:7%' are other raids, not sub-purposes of raid:7.
    expect(await costs.usage('raid:7')).toMatchObject({ requests: 4, resourcesRead: 143, costMicros: 520_000n });
    expect(await costs.usage('raid:8')).toMatchObject({ requests: 0, resourcesRead: 0, costMicros: 0n, rows: [] });
  });

  it('keeps counts exact under concurrent upserts', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () => costs.record('raid:9:validation', 'users', day1, { requests: 1, resourcesRead: 3, costMicros: 30_000n })),
    );
    expect(await costs.usage('raid:9')).toMatchObject({ requests: 50, resourcesRead: 150, costMicros: 1_500_000n });
  });
});
