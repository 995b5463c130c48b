import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XFake } from '../../testkit/x/index.js';
import { startXHarness, type XHarness } from './x.test-support.js';

// Reads against the X fake over HTTPS, with real Postgres and Redis behind the service.

let h: XHarness;
let fake: XFake;
beforeAll(async () => {
  h = await startXHarness('x_reads');
  fake = h.fake;
});
afterAll(async () => {
  await h.close();
});

const makeX = () => h.makeX();
const count = (endpoint: string) => h.count(endpoint);
const purpose = 'test:reads';
let seq = 0;
const people = (k: number, prefix: string) =>
  Array.from({ length: k }, () => fake.createUser({ username: `${prefix}${++seq}`, followers: seq, createdAt: new Date('2020-01-01T00:00:00Z') }));

describe('reads', () => {
  it('reads a post with its author and metrics, and null for an unknown one', async () => {
    const { x } = makeX();
    const [author] = people(1, 'author');
    const post = fake.post(author!.id, 'gm raiders');
    fake.like(people(1, 'fan')[0]!.id, post.id);
    const got = await x.getPost(post.id, { purpose });
    expect(got).toMatchObject({ id: post.id, text: 'gm raiders', authorId: author!.id, conversationId: post.id });
    expect(got!.author).toMatchObject({ id: author!.id, username: author!.username, createdAt: new Date('2020-01-01T00:00:00Z') });
    expect(got!.metrics.likes).toBe(1);
    expect(got!.createdAt).toBeInstanceOf(Date);
    expect(await x.getPost('1999999999999999999', { purpose })).toBeNull();
  });

  it('gives a post back as written, though X sends &, < and > HTML-escaped', async () => {
    const { x } = makeX();
    const [author] = people(1, 'escaper');
    const post = fake.post(author!.id, 'fish & chips <3 #food');
    const got = await x.getPost(post.id, { purpose });
    expect(got!.text).toBe('fish & chips <3 #food');
  });

  it('looks up posts and users 100 to a request', async () => {
    const { x } = makeX();
    const users = people(150, 'many');
    const posts = users.map((u) => fake.post(u.id, `hello from ${u.username}`));
    const [tweetsBefore, usersBefore] = [count('GET /2/tweets'), count('GET /2/users')];
    const got = await x.getPosts([...posts.map((p) => p.id), '1999999999999999998'], { purpose });
    expect(got.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    expect(count('GET /2/tweets') - tweetsBefore).toBe(2);
    const found = await x.getUsers(users.map((u) => u.id), { purpose });
    expect(found).toHaveLength(150);
    expect(count('GET /2/users') - usersBefore).toBe(2);
    const known = fake.createUser({ username: `known${++seq}`, followers: 777, bio: 'code: wh-123' });
    const one = await x.getUserByUsername(`@${known.username}`, { purpose });
    expect(one).toMatchObject({ id: known.id, followers: 777, bio: 'code: wh-123' });
    expect(await x.getUserByUsername('nobody_here', { purpose })).toBeNull();
    expect(await x.getUserByUsername('not a handle!', { purpose })).toBeNull();
  });

  it('reads every reply page by page within the search window, and says when the window cut it short', async () => {
    const { x } = makeX();
    const [author] = people(1, 'op');
    const post = fake.post(author!.id, 'reply to this');
    const repliers = people(230, 'replier');
    for (const u of repliers) fake.reply(u.id, post.id, `replying as ${u.username}`);
    fake.clock.advance(60_000); // search/recent ends at least 10 s before the request
    const before = count('GET /2/tweets/search/recent');
    const week = 7 * 24 * 3600_000;
    const res = await x.repliesTo(post.id, { purpose, since: new Date(fake.clock.now().getTime() - 3600_000) });
    expect(res.clipped).toBe(false);
    expect(new Set(res.posts.map((p) => p.authorId))).toEqual(new Set(repliers.map((u) => u.id)));
    expect(res.posts.every((p) => p.inReplyTo === post.id && p.author !== null)).toBe(true);
    expect(count('GET /2/tweets/search/recent') - before).toBe(3);
    const old = await x.repliesTo(post.id, { purpose, since: new Date(fake.clock.now().getTime() - week - 3600_000) });
    expect(old.clipped).toBe(true);
    expect(old.posts).toHaveLength(230);
  });

  it('reads every quote and every post of a user', async () => {
    const { x } = makeX();
    const [author] = people(1, 'quoted');
    const post = fake.post(author!.id, 'quote this');
    const quoters = people(120, 'quoter');
    for (const u of quoters) fake.quote(u.id, post.id, `look at this, says ${u.username}`);
    const quotes = await x.quotesOf(post.id, { purpose });
    expect(quotes).toHaveLength(120);
    expect(quotes.every((q) => q.quotes === post.id)).toBe(true);
    const since = fake.clock.now();
    fake.clock.advance(1000);
    fake.post(author!.id, 'later one');
    fake.post(author!.id, 'later two');
    expect((await x.userPosts(author!.id, { purpose, since })).map((p) => p.text).sort()).toEqual(['later one', 'later two']);
  });

  it("reads a user's recent posts in one request: reposts as posts that reference the original, replies left out", async () => {
    const { x } = makeX();
    const [author, raider, shy] = people(3, 'tl');
    const post = fake.post(author!.id, 'repost me from your timeline');
    fake.post(raider!.id, 'before the raid');
    fake.clock.advance(60_000);
    const since = fake.clock.now();
    fake.clock.advance(1000);
    const repost = fake.repost(raider!.id, post.id);
    fake.reply(raider!.id, post.id, 'a reply, found by the conversation search instead');
    fake.post(raider!.id, 'my own words');
    fake.updateUser(shy!.id, { protected: true });
    const before = count('GET /2/users/:id/tweets');
    const res = await x.recentPosts(raider!.id, { purpose, since });
    expect(count('GET /2/users/:id/tweets') - before).toBe(1);
    expect(res).toMatchObject({ complete: true, unavailable: false });
    expect(res.posts.map((p) => p.text)).toEqual(['my own words', `RT @${author!.username}: repost me from your timeline`]);
    expect(res.posts[1]).toMatchObject({ id: repost.id, repostOf: post.id, author: { id: raider!.id, username: raider!.username } });
    expect(await x.recentPosts(shy!.id, { purpose, since })).toEqual({ posts: [], complete: false, unavailable: true });
    // More than a page since then: one request still, and it says it did not see everything.
    for (let i = 0; i < 120; i++) fake.post(raider!.id, `chatty ${i}`);
    const long = await x.recentPosts(raider!.id, { purpose, since });
    expect(long.posts).toHaveLength(100);
    expect(long.complete).toBe(false);
  });

  it('reposters: at most 100, and says so', async () => {
    const { x } = makeX();
    const [author] = people(1, 'rp');
    const big = fake.post(author!.id, 'repost me');
    for (const u of people(120, 'reposter')) fake.repost(u.id, big.id);
    const small = fake.post(author!.id, 'a quiet one');
    for (const u of people(3, 'fewrp')) fake.repost(u.id, small.id);
    expect(await x.repostersOf(big.id, { purpose })).toMatchObject({ capped: true, users: expect.any(Array) });
    expect((await x.repostersOf(big.id, { purpose })).users).toHaveLength(100);
    expect(await x.repostersOf(small.id, { purpose })).toMatchObject({ capped: false });
    expect((await x.repostersOf(small.id, { purpose })).users).toHaveLength(3);
  });

  it('likers: private when X shows none of a post that has likes; listed when visible', async () => {
    const { x } = makeX();
    const [author] = people(1, 'lk');
    const post = fake.post(author!.id, 'like me');
    const likers = people(4, 'liker');
    for (const u of likers) fake.like(u.id, post.id);
    expect(await x.likersOf(post.id, { purpose })).toEqual({ users: [], capped: false, private: true });
    expect(await x.likersOf(post.id, { purpose, likeCount: 4 })).toMatchObject({ private: true });
    const unliked = fake.post(author!.id, 'nobody likes me');
    expect(await x.likersOf(unliked.id, { purpose, likeCount: 0 })).toEqual({ users: [], capped: false, private: false });
    fake.setLikesVisibility(post.id, 'public');
    const visible = await x.likersOf(post.id, { purpose });
    expect(visible.private).toBe(false);
    expect(visible.users.map((u) => u.id).sort()).toEqual(likers.map((u) => u.id).sort());
  });
});
