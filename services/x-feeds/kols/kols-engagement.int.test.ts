import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedsHarness, type FeedsHarness } from '../feeds.test-support.js';
import { admin, kolsHelpers } from './kols.test-support.js';
import { isoWeek, isoWeekStart } from './digest.js';

// What happens to recorded KOL posts afterwards, against the X fake on real Postgres and Redis, on the fake's
// clock: engagement re-read for a few days, the ranking, the weekly digest.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let h: FeedsHarness;
let k: ReturnType<typeof kolsHelpers>;
let n = 0;
beforeAll(async () => {
  h = await startFeedsHarness('kols-engagement');
  k = kolsHelpers(h);
});
afterAll(async () => {
  await h.close();
});

const fans = (count: number) => Array.from({ length: count }, () => k.account('fan'));
const figures = async (postId: string) =>
  (await h.db.dataSource.query(`SELECT likes, reposts, replies, quotes, impressions::int AS impressions FROM feeds.kol_posts WHERE post_id = $1`, [postId]))[0];
const snapshots = async (postId: string) => (await h.db.dataSource.query(`SELECT count(*)::int AS n FROM feeds.kol_post_metrics WHERE post_id = $1`, [postId]))[0].n as number;

describe('engagement of recorded posts', () => {
  it('is re-read every few hours while the post is young, a snapshot each time, then no more; a deleted post keeps its figures', async () => {
    const kols = h.makeKols({ refreshEveryMs: 6 * HOUR, refreshDays: 3 });
    const kol = k.account();
    const [a, b, c] = fans(3);
    const group = await h.group(++n);
    await h.terms(group, '$fresha');
    await kols.add(admin(group), kol.username);
    k.tick();
    const post = h.fake.post(kol, '\$FRESHA launch day');
    const doomed = h.fake.post(kol, '\$FRESHA soon deleted');
    h.fake.like(a!, post.id);
    await k.searchAll(kols);
    expect(await figures(post.id)).toEqual({ likes: 1, reposts: 0, replies: 0, quotes: 0, impressions: null });
    expect(await snapshots(post.id)).toBe(1);
    expect((await kols.refreshDue()).asked).toBe(0);

    h.fake.like(b!, post.id);
    h.fake.repost(c!, post.id);
    h.fake.view(post.id, 1200);
    h.fake.like(a!, doomed.id);
    k.tick(6 * HOUR + 1);
    expect(await kols.refreshDue()).toMatchObject({ asked: 2, refreshed: 2, gone: 0 });
    expect(await figures(post.id)).toEqual({ likes: 2, reposts: 1, replies: 0, quotes: 0, impressions: 1200 });
    expect(await snapshots(post.id)).toBe(2);

    h.fake.deletePost(doomed.id);
    h.fake.reply(c!, post.id, 'congrats');
    k.tick(6 * HOUR + 1);
    expect(await kols.refreshDue()).toMatchObject({ asked: 2, refreshed: 1, gone: 1 });
    expect(await figures(post.id)).toMatchObject({ replies: 1 });
    expect(await figures(doomed.id)).toMatchObject({ likes: 1 });
    expect(await snapshots(post.id)).toBe(3);

    const asked = [k.lookupsOf(post.id), k.lookupsOf(doomed.id)];
    for (let i = 0; i < 10; i++) {
      k.tick(6 * HOUR + 1);
      await kols.refreshDue();
    }
    // Re-read until 3 days after posting, then no more; the deleted post was not asked again at all.
    expect(k.lookupsOf(post.id)).toBeGreaterThan(asked[0]!);
    expect(await snapshots(post.id)).toBeGreaterThan(3);
    const stopped = k.lookupsOf(post.id);
    h.fake.like(c!, post.id);
    k.tick(6 * HOUR + 1);
    expect((await kols.refreshDue()).asked).toBe(0);
    expect(k.lookupsOf(post.id)).toBe(stopped);
    expect(k.lookupsOf(doomed.id)).toBe(asked[1]);
    expect(await figures(post.id)).toMatchObject({ likes: 2, reposts: 1, replies: 1 });
    expect(await kols.chart(group, 30)).toMatchObject([{ username: kol.username, totals: { mentions: 2, likes: 3, reposts: 1, replies: 1, impressions: 1200 } }]);
  });
});

describe('the ranking', () => {
  it('orders KOLs by score, then mentions, then handle, over the posts of the period, best post linked', async () => {
    const kols = h.makeKols();
    const group = await h.group(++n);
    await h.terms(group, '$rankb');
    const [zeta, busy, alpha, viewed, quiet] = [k.account('zeta'), k.account('busy'), k.account('alpha'), k.account('viewed'), k.account('quiet')];
    for (const a of [zeta, busy, alpha, viewed, quiet]) await kols.add(admin(group), a.username);
    const f = fans(4);
    k.tick();
    const start = h.fake.clock.now();
    const like = (postId: string, count: number) => f.slice(0, count).forEach((fan) => h.fake.like(fan, postId));
    like(h.fake.post(zeta, '\$RANKB four likes').id, 4);
    like(h.fake.post(busy, '\$RANKB two likes').id, 2);
    const best = h.fake.post(busy, '\$RANKB two likes and a reply');
    like(best.id, 2);
    h.fake.reply(f[0]!, best.id, 'nice');
    const shared = h.fake.post(alpha, '\$RANKB two reposts');
    for (const fan of f.slice(0, 2)) h.fake.repost(fan, shared.id);
    const seen = h.fake.post(viewed, '\$RANKB one like, many views');
    like(seen.id, 1);
    h.fake.view(seen.id, 500);
    h.fake.post(quiet, 'nothing about it');
    await k.searchAll(kols);

    const until = h.fake.clock.now();
    const rows = await kols.ranking(group, start, until);
    expect(rows.map((r) => [r.username, r.score, r.mentions])).toEqual([
      [viewed.username, 6, 1],
      [busy.username, 5, 2],
      [alpha.username, 4, 1],
      [zeta.username, 4, 1],
    ]);
    expect(rows[1]).toMatchObject({ likes: 4, replies: 1, impressions: null, bestPostUrl: `https://x.com/${busy.username}/status/${best.id}` });
    expect(rows[0]!.impressions).toBe(500);
    expect(await kols.ranking(group, until, new Date(until.getTime() + DAY))).toEqual([]);
    await kols.remove(admin(group), viewed.username);
    expect((await kols.ranking(group, start, until))[0]!.username).toBe(busy.username);
  });
});

describe('the weekly digest', () => {
  it("sends each group with KOLs last week's ranking once, from Monday 09:00 UTC, and none to a group without KOLs", async () => {
    const kols = h.makeKols();
    const kol = k.account();
    const [tracking, bare, late] = [await h.group(++n), await h.group(++n), await h.group(++n)];
    for (const g of [tracking, bare, late]) await h.terms(g, '$weekc');
    await kols.add(admin(tracking), kol.username);
    k.tick();
    h.fake.post(kol, '\$WEEKC this week');
    await k.searchAll(kols);
    const ranked = isoWeek(h.fake.clock.now());
    const monday = isoWeekStart(h.fake.clock.now()).getTime() + 7 * DAY;
    const digests = async (chat: typeof tracking) =>
      (await h.db.dataSource.query(`SELECT dedupe_key, payload->>'text' AS text FROM notifications.outbox WHERE chat_id = $1 AND dedupe_key LIKE 'kols:digest:%' ORDER BY seq`, [chat])) as Array<{ dedupe_key: string; text: string }>;

    h.fake.clock.set(new Date(monday + HOUR));
    await kols.add(admin(late), kol.username);
    h.fake.clock.set(new Date(monday + 8 * HOUR + 59 * 60_000));
    expect(await kols.sendDueDigests()).toMatchObject({ due: false, sent: 0 });
    h.fake.clock.set(new Date(monday + 9 * HOUR));
    // The other cases' groups have KOLs too: each group's own messages are what counts here.
    expect(await kols.sendDueDigests()).toMatchObject({ due: true, week: ranked, sent: expect.any(Number) });
    expect(await kols.sendDueDigests()).toEqual({ due: true, week: ranked, sent: 0 });
    h.fake.clock.set(new Date(monday + 3 * DAY));
    expect(await kols.sendDueDigests()).toMatchObject({ sent: 0 });

    const [digest] = await digests(tracking);
    expect(digest!.dedupe_key).toBe(`kols:digest:${tracking}:${ranked}`);
    expect(digest!.text).toContain('Top KOLs this week');
    expect(digest!.text).toContain(`@${kol.username}`);
    expect(await digests(bare)).toEqual([]);
    expect(await digests(late)).toEqual([]);
    expect(await k.historyOf(tracking, 'feed.kol_digest_queued')).toEqual([expect.objectContaining({ week: ranked, ranked: 1 })]);

    // A week later, missed on Monday: sent on Thursday, to both groups that had KOLs that week.
    h.fake.clock.set(new Date(monday + 10 * DAY));
    expect((await kols.sendDueDigests()).sent).toBeGreaterThanOrEqual(2);
    expect(await digests(tracking)).toHaveLength(2);
    expect(await digests(late)).toHaveLength(1);
    expect((await digests(late))[0]!.text).toContain('No influencer posted about the project this week');
    expect(await digests(bare)).toEqual([]);
  });
});
