import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createAnalytics, type Analytics } from '../analytics/index.js';
import { insertClaims, insertRaid } from '../raids/raids.test-support.js';
import { startValidationHarness, type ValidationHarness } from '../validation/validation.test-support.js';
import { createLeaderboards, type Leaderboards } from './index.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';

// The boards over the real sources: points from a raid the real validation judged against the X fake,
// message counts from the real analytics (Redis and Postgres), names from the real users service.

const MIN = 60_000;
const DAY = 86_400_000;
const CHAT = cid(-700);
let h: ValidationHarness;
let analytics: Analytics;
let boards: Leaderboards;
let now: Date;

beforeAll(async () => {
  h = await startValidationHarness('leaderboards');
  const f = h.fake;
  now = f.clock.now();
  const start = new Date(now.getTime() - 60 * MIN);
  const old = { createdAt: new Date(now.getTime() - 400 * DAY), followers: 300 };
  const post = f.post(f.createUser({ username: 'project', ...old }).id, 'launch day', { at: new Date(start.getTime() - 30 * MIN) });
  const members = [
    { tg: 30, x: f.createUser({ username: 'thirty', ...old }), reply: 'the roadmap finally has dates on it' },
    { tg: 10, x: f.createUser({ username: 'ten', ...old }), reply: 'staking rewards look fair this time' },
    { tg: 20, x: f.createUser({ username: 'twenty', ...old }), reply: 'the audit report answers my questions' },
    { tg: 40, x: f.createUser({ username: 'forty', ...old }), reply: null },
  ];
  for (const m of members) if (m.reply) f.reply(m.x.id, post.id, m.reply, { at: new Date(start.getTime() + 5 * MIN) });
  const raidId = await insertRaid(h.db.dataSource, { chatId: CHAT, postId: post.id, startedAt: start, endsAt: new Date(now.getTime() - 30 * MIN), targets: { reposts: 0 } });
  await insertClaims(h.db.dataSource, raidId, members.map((m) => ({ telegramUserId: m.tg, xUserId: m.x.id, xUsername: m.x.username, claimedAt: new Date(start.getTime() + 20 * MIN) })));
  await h.validation.run(raidId);
  await h.users.touch({ id: 10, first_name: 'Ten', username: 'ten_tg' }, 1);
  await h.users.touch({ id: 20, first_name: 'Twenty' }, 1);

  analytics = createAnalytics({ db: h.db.dataSource, redis: h.r.redis, prefix: h.r.prefix, log: silentLogger(), metrics: createMetrics({ defaults: false }), clock: f.clock });
  boards = createLeaderboards({ points: h.validation, messages: analytics, users: h.users });
});
afterAll(async () => {
  await h?.close();
});

describe('the points board', () => {
  it('ranks accepted points with shared ranks, ties by Telegram id, and names the members users knows', async () => {
    const board = await boards.board(CHAT, 'points', { period: 'all', at: now, limit: 10 });
    // The member whose claim X showed nothing of has no accepted points and is not on the board.
    expect(board.rows).toEqual([
      { telegramUserId: uid(10), score: 4, rank: 1 },
      { telegramUserId: uid(20), score: 4, rank: 1 },
      { telegramUserId: uid(30), score: 4, rank: 1 },
    ]);
    expect([...board.profiles]).toEqual([[10, { username: 'ten_tg', firstName: 'Ten' }], [20, { username: null, firstName: 'Twenty' }]]);
    expect(board).toMatchObject({ kind: 'points', period: 'all' });
    expect(board.since).toBeUndefined();
  });

  it('counts a weekly board from Monday 00:00 UTC of the moment asked', async () => {
    const thisWeek = await boards.board(CHAT, 'points', { period: 'week', at: now, limit: 10 });
    expect(thisWeek.since?.getUTCDay()).toBe(1);
    expect(thisWeek.rows).toHaveLength(3);
    const nextWeek = await boards.board(CHAT, 'points', { period: 'week', at: new Date(now.getTime() + 8 * DAY), limit: 10 });
    expect(nextWeek.rows).toEqual([]);
    expect(nextWeek.profiles.size).toBe(0);
  });

  it('writes the CSV file, cut at the limit and saying so', async () => {
    expect(await boards.pointsCsv(CHAT, { period: 'all', at: now, limit: 2 })).toEqual({
      csv: 'rank,telegram_user_id,username,points\r\n1,10,ten_tg,4\r\n1,20,,4\r\n',
      rows: 2,
      truncated: true,
    });
    expect((await boards.pointsCsv(CHAT, { period: 'all', at: now, limit: 3 })).truncated).toBe(false);
  });

  it('is empty where there is no validation (no X), while the message board still works', async () => {
    const withoutX = createLeaderboards({ points: null, messages: analytics, users: h.users });
    expect((await withoutX.board(CHAT, 'points', { period: 'all', at: now, limit: 10 })).rows).toEqual([]);
    expect(await withoutX.pointsCsv(CHAT, { period: 'all', at: now, limit: 10 })).toEqual({ csv: 'rank,telegram_user_id,username,points\r\n', rows: 0, truncated: false });
  });
});

describe('the message board', () => {
  it('ranks the counts analytics keeps, flushed or not', async () => {
    for (const user of [20, 20, 10, 20, 10, 30]) await analytics.countMessage(CHAT, uid(user));
    await analytics.flushActivity();
    await analytics.countMessage(CHAT, uid(30));
    const board = await boards.board(CHAT, 'messages', { period: 'week', at: now, limit: 2 });
    expect(board.rows).toEqual([
      { telegramUserId: uid(20), score: 3, rank: 1 },
      { telegramUserId: uid(10), score: 2, rank: 2 },
    ]);
    expect(board.kind).toBe('messages');
  });
});
