import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BOT_ID, startFeedsHarness, type FeedsHarness } from './feeds.test-support.js';
import { LEASE_MS } from './poll-due.js';

// Follows and polling against the X fake, on real Postgres and Redis, on the fake's clock: what groups get,
// in what order, what X is asked, and what a crash or a second worker changes (nothing).

let h: FeedsHarness;
let n = 0;
beforeAll(async () => {
  h = await startFeedsHarness('feeds');
});
afterAll(async () => {
  await h.close();
});

const tick = (ms = 1000) => h.fake.clock.advance(ms);
const account = () => h.fake.createUser({ username: `proj${++n}`, name: `Project ${n}`, followers: 1000 });
/** Timeline reads of these accounts only (other cases' accounts are polled in the same passes). */
const timelineReads = (...ids: string[]) => h.fake.requests().filter((r) => ids.some((id) => r.path.includes(`/users/${id}/tweets`))).length;
/** Moves the clock past every account's interval and polls until nothing is due. */
async function pollAll(feeds: ReturnType<FeedsHarness['makeFeeds']>) {
  tick(1_800_001);
  for (let i = 0; i < 50; i++) if ((await feeds.pollDue()).polled === 0) return;
}

describe('following X accounts into groups', () => {
  it('forwards each new post once into every following group, in order, replies and reposts only where asked', async () => {
    const feeds = h.makeFeeds();
    const proj = account();
    const fan = h.fake.createUser({ username: `fan${n}` });
    const old = h.fake.post(proj, 'from before anyone followed');
    tick();
    const [plain, withReplies, withReposts] = [await h.group(++n), await h.group(++n), await h.group(++n)];
    expect(await feeds.follow({ botId: BOT_ID, chatId: plain, actorId: ADMIN }, `@${proj.username}`, { replies: false, reposts: false })).toMatchObject({ ok: true, created: true });
    await feeds.follow({ botId: BOT_ID, chatId: withReplies, actorId: ADMIN }, proj.username.toUpperCase(), { replies: true, reposts: false });
    await feeds.follow({ botId: BOT_ID, chatId: withReposts, actorId: ADMIN }, proj.username, { replies: false, reposts: true });
    tick();
    const first = h.fake.post(proj, 'gm raiders, v2 is live https://example.com/v2');
    tick();
    const other = h.fake.post(fan, 'wen token');
    const reply = h.fake.reply(proj, other.id, 'soon');
    tick();
    const repost = h.fake.repost(proj, other.id);
    tick();
    const second = h.fake.post(proj, 'second post');
    await pollAll(feeds);
    await pollAll(feeds); // a second round finds nothing new and forwards nothing again

    expect(await h.forwarded(plain)).toEqual([first.id, second.id]);
    expect(await h.forwarded(withReplies)).toEqual([first.id, reply.id, second.id]);
    expect(await h.forwarded(withReposts)).toEqual([first.id, repost.id, second.id]);
    expect((await h.forwarded(plain)).includes(old.id)).toBe(false);
    const [text] = await h.texts(plain);
    expect(text).toContain('gm raiders');
    // Forwards wait behind raid cards in a busy group: they are queued at the outbox's low priority.
    const priorities: Array<{ priority: number }> = await h.db.dataSource.query(`SELECT DISTINCT priority FROM notifications.outbox WHERE chat_id = $1`, [plain]);
    expect(priorities).toEqual([{ priority: 3 }]);
  });

  it('asks X the same for one group as for a thousand following the same accounts', async () => {
    const feeds = h.makeFeeds();
    const accounts = [account(), account(), account()];
    const one = await h.group(++n);
    for (const a of accounts) await feeds.follow({ botId: BOT_ID, chatId: one, actorId: ADMIN }, a.username, { replies: false, reposts: false });
    tick();
    for (const a of accounts) h.fake.post(a, `news from ${a.username}`);
    const ids = accounts.map((a) => a.id);
    let before = timelineReads(...ids);
    await pollAll(feeds);
    const forOne = timelineReads(...ids) - before;

    const many = await Promise.all(Array.from({ length: 999 }, () => h.group(++n)));
    for (let i = 0; i < many.length; i += 50) {
      await Promise.all(many.slice(i, i + 50).flatMap((g) => accounts.map((a) => feeds.follow({ botId: BOT_ID, chatId: g, actorId: ADMIN }, a.username, { replies: false, reposts: false }))));
    }
    tick();
    for (const a of accounts) h.fake.post(a, `more news from ${a.username}`);
    before = timelineReads(...ids);
    await pollAll(feeds);
    const forThousand = timelineReads(...ids) - before;

    expect(forOne).toBe(accounts.length);
    expect(forThousand).toBe(forOne);
    expect(await h.forwarded(many[998]!)).toHaveLength(3);
    expect(await h.forwarded(one)).toHaveLength(6);
  }, 120_000);

  it('forwards nothing twice and skips nothing when a worker dies between reading X and committing', async () => {
    const proj = account();
    const group = await h.group(++n);
    let crashes = 1;
    const dying = h.makeFeeds({}, { afterRead: (id) => { if (id === proj.id && crashes-- > 0) throw new Error('killed mid-poll'); } });
    await dying.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, proj.username, { replies: false, reposts: false });
    tick();
    const posts = [h.fake.post(proj, 'one'), h.fake.post(proj, 'two')];
    tick(1_800_001);
    await dying.pollDue();
    expect(crashes).toBe(0);
    expect(await h.forwarded(group)).toEqual([]);
    tick(LEASE_MS);
    await dying.pollDue();
    tick();
    posts.push(h.fake.post(proj, 'three'));
    await pollAll(dying);
    expect(await h.forwarded(group)).toEqual(posts.map((p) => p.id));
  });

  it('changes nothing when a second worker polls the same account at the same time', async () => {
    const proj = account();
    const group = await h.group(++n);
    const second = h.makeFeeds();
    let raced = false;
    const first = h.makeFeeds({}, {
      async afterRead(id) {
        if (raced || id !== proj.id) return;
        raced = true;
        // The first worker's lease runs out while it waits: the second claims the account, reads and commits.
        tick(LEASE_MS + 1);
        await second.pollDue();
        expect(await h.forwarded(group)).toEqual([post.id]);
      },
    });
    await first.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, proj.username, { replies: false, reposts: false });
    tick();
    const post = h.fake.post(proj, 'only once');
    tick(1_800_001);
    // The first worker's read is dropped: its commit finds the cursor moved.
    expect((await first.pollDue()).outcomes.raced).toBe(1);
    expect(raced).toBe(true);
    expect(await h.forwarded(group)).toEqual([post.id]);
  });

  it('stops forwarding into a group that unfollowed, and keeps forwarding into the others', async () => {
    const feeds = h.makeFeeds();
    const proj = account();
    const [leaving, staying] = [await h.group(++n), await h.group(++n)];
    for (const g of [leaving, staying]) await feeds.follow({ botId: BOT_ID, chatId: g, actorId: ADMIN }, proj.username, { replies: false, reposts: false });
    expect(await feeds.unfollow({ chatId: leaving, actorId: ADMIN }, `@${proj.username.toUpperCase()}`)).toEqual({ ok: true, username: proj.username });
    expect(await feeds.unfollow({ chatId: leaving, actorId: ADMIN }, proj.username)).toEqual({ ok: false, reason: 'not_following' });
    tick();
    const post = h.fake.post(proj, 'after the unfollow');
    await pollAll(feeds);
    expect(await h.forwarded(leaving)).toEqual([]);
    expect(await h.forwarded(staying)).toEqual([post.id]);
  });

  it('refuses a bad handle, an unknown account and a follow past the limit without asking X twice', async () => {
    const feeds = h.makeFeeds({ maxFollowsPerGroup: 2 });
    const group = await h.group(++n);
    const lookups = () => h.count('GET /2/users/by/username/:username');
    const before = lookups();
    expect(await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, 'not a handle!', { replies: false, reposts: false })).toEqual({ ok: false, reason: 'bad_handle' });
    expect(lookups()).toBe(before);
    expect(await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, 'nobody_here_1', { replies: false, reposts: false })).toEqual({ ok: false, reason: 'not_found' });
    const [a, b, c] = [account(), account(), account()];
    await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, a.username, { replies: false, reposts: false });
    await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, b.username, { replies: false, reposts: false });
    expect(await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, c.username, { replies: false, reposts: false })).toEqual({ ok: false, reason: 'limit', limit: 2 });
    // Changing the options of a follow the group has is not a new follow.
    expect(await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, a.username, { replies: true, reposts: false })).toMatchObject({ ok: true, created: false, replies: true });
    expect((await feeds.follows(group)).map((f) => [f.username, f.replies])).toEqual([[a.username, true], [b.username, false]].sort());
  });
});

describe('polling by activity and by budget', () => {
  it('reads a busy account often and a quiet one rarely, within the bounds', async () => {
    const feeds = h.makeFeeds({ minIntervalMs: 60_000, maxIntervalMs: 1_800_000 });
    const [busy, quiet] = [account(), account()];
    const group = await h.group(++n);
    for (const a of [busy, quiet]) await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, a.username, { replies: false, reposts: false });
    for (let i = 0; i < 12; i++) {
      h.fake.post(busy, `busy ${i}`);
      tick(60_001);
      await feeds.pollDue();
    }
    const byName = new Map((await feeds.follows(group)).map((f) => [f.username, f.intervalMs]));
    expect(byName.get(busy.username)).toBe(60_000);
    expect(byName.get(quiet.username)).toBeGreaterThan(4 * 60_000);
  });

  it("pauses a group's feeds at its daily cap, tells it once, and resumes the next UTC day", async () => {
    const feeds = h.makeFeeds();
    const proj = account();
    const capped = await h.group(++n, { feeds: { dailyCapCents: 1 } });
    const free = await h.group(++n);
    for (const g of [capped, free]) await feeds.follow({ botId: BOT_ID, chatId: g, actorId: ADMIN }, proj.username, { replies: false, reposts: false });
    // Each read is shared by the two groups (half a post each, at 5,000 micro-dollars a post): the capped
    // group reaches its 10,000 after a few posts, is told once, and gets nothing more today.
    const posted: string[] = [];
    const notices = async () => (await h.texts(capped)).filter((t) => /cap/i.test(t));
    for (let i = 0; i < 10 && (await notices()).length === 0; i++) {
      tick();
      posted.push(h.fake.post(proj, `post ${i}`).id);
      await pollAll(feeds);
    }
    expect(await notices()).toHaveLength(1);
    expect(posted.length).toBeGreaterThan(1);
    tick();
    const after = h.fake.post(proj, 'after the cap');
    await pollAll(feeds);
    await pollAll(feeds);
    expect(await h.forwarded(capped)).toEqual(posted);
    expect(await h.forwarded(free)).toEqual([...posted, after.id]);
    expect(await notices()).toHaveLength(1);

    h.fake.clock.set(new Date(Date.UTC(h.fake.clock.now().getUTCFullYear(), h.fake.clock.now().getUTCMonth(), h.fake.clock.now().getUTCDate() + 1, 0, 5)));
    const fourth = h.fake.post(proj, 'a new day');
    await pollAll(feeds);
    expect((await h.forwarded(capped)).at(-1)).toBe(fourth.id);
  });

  it("stops reading X for every group at the deployment's daily cap and tells each group once", async () => {
    const proj = account();
    const group = await h.group(++n);
    const feeds = h.makeFeeds({ deploymentCapMicros: 1n });
    await feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, proj.username, { replies: false, reposts: false });
    tick();
    h.fake.post(proj, 'costs something');
    await pollAll(feeds);
    tick();
    h.fake.post(proj, 'not read today');
    const before = timelineReads(proj.id);
    await pollAll(feeds);
    await pollAll(feeds);
    expect(timelineReads(proj.id)).toBe(before);
    expect((await h.texts(group)).filter((t) => /cap/i.test(t))).toHaveLength(1);
  });
});
