import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../platform/metrics.js';
import { silentLogger } from '../platform/logger.js';
import { createRedis, type Redis } from '../platform/redis.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, TEST_REDIS_URL, type TestRedis } from '../../test/support/redis.js';
import { createAnalytics, type Analytics } from './index.js';
import { CLAIM_LUA, activityKeys, luaScript } from './activity-keys.js';
import { CreateAnalytics1764000008000 } from './migrations/create-analytics-1764000008000.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import type { ChatId } from '../platform/telegram-ids.js';

let db: TestDatabase;
let r: TestRedis;
let other: Redis;
let at = new Date('2026-11-03T12:00:00Z');
const clock = { now: () => at };
let analytics: Analytics;
/** A second instance on its own Redis connection, as another worker or bot process would be. */
let analytics2: Analytics;

beforeAll(async () => {
  [db, r] = await Promise.all([freshDatabase('analytics'), freshRedis()]);
  // Until analyticsSchema is listed in services/catalog.ts, freshDatabase does not run our migration.
  const [{ present }] = await db.dataSource.query(`SELECT to_regclass('analytics.message_activity') IS NOT NULL AS present`);
  if (!present) await new CreateAnalytics1764000008000().up(db.dataSource.createQueryRunner());
  other = createRedis(TEST_REDIS_URL, 'warhorn-test-2');
  const deps = { db: db.dataSource, prefix: r.prefix, log: silentLogger(), metrics: createMetrics({ defaults: false }), clock };
  analytics = createAnalytics({ ...deps, redis: r.redis });
  analytics2 = createAnalytics({ ...deps, redis: other });
});
afterAll(async () => {
  other.disconnect();
  await r.cleanup();
  await db.drop();
});

async function stored(chatId: number): Promise<Record<string, number>> {
  const rows: Array<{ user_id: string; day: string; messages: number }> = await db.dataSource.query(
    `SELECT user_id::text, to_char(day, 'YYYY-MM-DD') AS day, messages FROM analytics.message_activity WHERE chat_id = $1`,
    [chatId],
  );
  return Object.fromEntries(rows.map((row) => [`${row.user_id}@${row.day}`, row.messages]));
}
const total = async (chatId: number) => Object.values(await stored(chatId)).reduce((a, b) => a + b, 0);
const countMany = (a: Analytics, chatId: ChatId, users: number, perUser: number) =>
  Promise.all(Array.from({ length: users * perUser }, (_, i) => a.countMessage(chatId, uid(1000 + (i % users)))));

describe('message activity', () => {
  it('counts many concurrent messages exactly, and the flush leaves nothing behind in Redis', async () => {
    const chat = cid(-1001);
    await Promise.all([countMany(analytics, chat, 25, 40), countMany(analytics2, chat, 25, 40)]);
    expect(await analytics.flushActivity()).toEqual({ flushed: 2000 });
    const rows = await stored(chat);
    expect(Object.keys(rows)).toHaveLength(25);
    expect(Object.values(rows).every((n) => n === 80)).toBe(true);
    expect(await r.redis.keys(`${r.prefix}:activity*`)).toEqual([]);
    expect(await analytics.flushActivity()).toEqual({ flushed: 0 });
  });

  it('keeps increments that arrive while a flush runs (blocked on its lock, and racing at random)', async () => {
    const chat = cid(-1002);
    await countMany(analytics, chat, 5, 10);
    // Hold the flush lock so the flush waits inside its transaction, then count more meanwhile.
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT pg_advisory_xact_lock(7265736108)`);
    const flushing = analytics.flushActivity();
    await countMany(analytics2, chat, 5, 10);
    await holder.commitTransaction();
    await holder.release();
    await flushing;
    // Then many flushes racing many counts on two connections.
    let sent = 100;
    const flushes: Array<Promise<unknown>> = [];
    for (let round = 0; round < 20; round++) {
      flushes.push((round % 2 ? analytics : analytics2).flushActivity());
      await countMany(round % 2 ? analytics2 : analytics, chat, 7, 3);
      sent += 21;
    }
    await Promise.all(flushes);
    await analytics.flushActivity();
    expect(await total(chat)).toBe(sent);
  });

  it('two flushes at once add each count once', async () => {
    const chat = cid(-1003);
    await countMany(analytics, chat, 10, 30);
    const results = await Promise.all([analytics.flushActivity(), analytics2.flushActivity(), analytics.flushActivity()]);
    expect(results.reduce((sum, x) => sum + x.flushed, 0)).toBe(300);
    expect(await total(chat)).toBe(300);
  });

  it('a flush that died before its commit loses nothing; one that died after it adds nothing twice', async () => {
    const keys = activityKeys(r.prefix);
    const claim = luaScript(CLAIM_LUA);
    const day = '2026-11-03';
    // Died before the commit: the renamed hash is all that is left.
    await countMany(analytics, cid(-1004), 3, 5);
    await claim(r.redis, [keys.live(cid(-1004), day), keys.flushing(cid(-1004), day)], ['dead-before']);
    await countMany(analytics, cid(-1004), 3, 1); // new live hash beside the stranded one
    await analytics.flushActivity();
    await analytics.flushActivity(); // the live hash waited behind the stranded one
    expect(await total(-1004)).toBe(18);
    // Died after the commit: Postgres has the batch, Redis still has the hash.
    await countMany(analytics, cid(-1005), 2, 4);
    await claim(r.redis, [keys.live(cid(-1005), day), keys.flushing(cid(-1005), day)], ['dead-after']);
    await db.dataSource.query(`INSERT INTO analytics.activity_flushes (chat_id, day, batch) VALUES (-1005, $1, 'dead-after')`, [day]);
    await db.dataSource.query(
      `INSERT INTO analytics.message_activity (chat_id, user_id, day, messages) VALUES (-1005, 1000, $1, 4), (-1005, 1001, $1, 4)`,
      [day],
    );
    expect(await analytics.messagesByMember(cid(-1005), { limit: 10 })).toEqual([
      { telegramUserId: uid(1000), messages: 4 },
      { telegramUserId: uid(1001), messages: 4 },
    ]);
    expect(await analytics.flushActivity()).toEqual({ flushed: 0 });
    expect(await total(-1005)).toBe(8);
    expect(await r.redis.keys(`${r.prefix}:activity*`)).toEqual([]);
  });

  it('the leaderboard adds counts not yet flushed, ranks by count then id, and honours the limit', async () => {
    const chat = cid(-1006);
    for (let i = 0; i < 5; i++) await analytics.countMessage(chat, uid(7));
    for (let i = 0; i < 3; i++) await analytics.countMessage(chat, uid(9));
    await analytics.flushActivity();
    for (let i = 0; i < 3; i++) await analytics.countMessage(chat, uid(9));
    await analytics.countMessage(chat, uid(8));
    await analytics.countMessage(chat, uid(3));
    expect(await analytics.messagesByMember(chat, { limit: 10 })).toEqual([
      { telegramUserId: uid(9), messages: 6 },
      { telegramUserId: uid(7), messages: 5 },
      { telegramUserId: uid(3), messages: 1 },
      { telegramUserId: uid(8), messages: 1 },
    ]);
    expect(await analytics.messagesByMember(chat, { limit: 2 })).toEqual([
      { telegramUserId: uid(9), messages: 6 },
      { telegramUserId: uid(7), messages: 5 },
    ]);
    expect(await analytics.messagesByMember(cid(-999_999), { limit: 10 })).toEqual([]);
  });

  it('counts by UTC day, and `since` starts at its day', async () => {
    const chat = cid(-1007);
    at = new Date('2026-11-03T23:59:59.999Z');
    await analytics.countMessage(chat, uid(1));
    await analytics.countMessage(chat, uid(2));
    at = new Date('2026-11-04T00:00:00.000Z');
    await analytics.countMessage(chat, uid(1));
    // Before the flush, both days come from Redis; after, from Postgres; the answers are the same.
    const since = new Date('2026-11-04T08:00:00Z');
    const expectBoards = async () => {
      expect(await analytics.messagesByMember(chat, { limit: 10 })).toEqual([
        { telegramUserId: uid(1), messages: 2 },
        { telegramUserId: uid(2), messages: 1 },
      ]);
      expect(await analytics.messagesByMember(chat, { since, limit: 10 })).toEqual([{ telegramUserId: uid(1), messages: 1 }]);
    };
    await expectBoards();
    await analytics.flushActivity();
    expect(await stored(chat)).toEqual({ '1@2026-11-03': 1, '2@2026-11-03': 1, '1@2026-11-04': 1 });
    await expectBoards();
    at = new Date('2026-11-03T12:00:00Z');
  });
});
