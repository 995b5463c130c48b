// The group's KOL view in the Mini App: the list with totals as /kols ranks them and a daily series for the
// chart. Members of the group may read it (Telegram says who is in the group); nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';

describe('GET /groups/{chatId}/kols', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let olga: number, max: number, bea: number, moon: number;
  let whale: { id: string; username: string }, quiet: { id: string; username: string };

  beforeAll(async () => {
    // Queries read again every second: a read that came just before the post must not hold it back for minutes.
    t = await startTestPlatform({ env: { KOLS_MIN_INTERVAL_MS: '1000', KOLS_MAX_INTERVAL_MS: '1000' } });
    api = apiClient(t);
    olga = t.emulator.createUser({ firstName: 'Olga', username: 'olga_chart' }).id;
    max = t.emulator.createUser({ firstName: 'Max', username: 'max_chart' }).id;
    bea = t.emulator.createUser({ firstName: 'Bea', username: 'bea_chart' }).id;
    moon = t.emulator.createGroup({ title: 'Moon Chart', type: 'supergroup', ownerId: olga, memberIds: [max] }).id;
    t.emulator.addBotToGroup(moon, t.bot.id, olga, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(moon)))?.active, 'the group to register');
    await t.platform.db.query(
      `INSERT INTO feeds.mention_terms (chat_id, term, kind, label, bot_id, created_by, created_at) VALUES ($1, '#moonchart', 'hashtag', '#moonchart', $2, $3, now())`,
      [moon, t.bot.id, olga],
    );
    whale = t.x.createUser({ username: 'chart_whale', name: 'Whale', followers: 90_000 });
    quiet = t.x.createUser({ username: 'chart_quiet', name: 'Quiet', followers: 9_000 });
    const kols = t.platform.kols!;
    for (const k of [whale, quiet]) await kols.add({ chatId: cid(moon), actorId: uid(olga) }, k.username);
    const fans = [t.x.createUser({ username: 'chart_fan1' }), t.x.createUser({ username: 'chart_fan2' })];
    const post = t.x.post(whale, 'GM #moonchart');
    for (const f of fans) t.x.like(f, post.id);
    t.x.repost(fans[0]!, post.id);
    await eventually(async () => (await kols.searchDue()) && (await kols.chart(cid(moon), 1))[0]!.totals.mentions > 0, 'the post to be recorded');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("gives a member every KOL with the period's totals, its place and a series of the period's days", async () => {
    const res = await api.as(max, 'GET', `/groups/${moon}/kols?days=7`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.days).toBe(7);
    expect(body.kols.map((k: { username: string }) => k.username)).toEqual(['chart_whale', 'chart_quiet']);
    const [first, second] = body.kols;
    expect(first).toMatchObject({ xUserId: whale.id, name: 'Whale', rank: 1, totals: { mentions: 1, likes: 2, reposts: 1, replies: 0, quotes: 0, score: 4, impressions: null } });
    expect(first.totals.bestPostUrl).toMatch(/^https:\/\/x\.com\/chart_whale\/status\/\d+$/);
    expect(first.series).toHaveLength(7);
    const active = first.series.filter((d: { mentions: number; likes: number }) => d.mentions > 0 || d.likes > 0);
    expect(active).toEqual([{ day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), mentions: 1, likes: 2, reposts: 1, replies: 0, quotes: 0, impressions: null }]);
    expect(first.series.map((d: { day: string }) => d.day)).toEqual([...first.series.map((d: { day: string }) => d.day)].sort());
    expect(second).toMatchObject({ xUserId: quiet.id, rank: null, totals: { mentions: 0, score: 0 } });
    expect(Date.parse(second.addedAt)).toBeGreaterThan(0);
  });

  it('lets the group\'s admin read it too, and defaults to 30 days', async () => {
    const body = await json(await api.as(olga, 'GET', `/groups/${moon}/kols`));
    expect(body.days).toBe(30);
    expect(body.kols[0].series).toHaveLength(30);
  });

  it('refuses someone outside the group, and a period the chart cannot show', async () => {
    const res = await api.as(bea, 'GET', `/groups/${moon}/kols`);
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('not_member');
    const bad = await api.as(max, 'GET', `/groups/${moon}/kols?days=0`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.field).toBe('query.days');
  });
});
