// The fake read through twitter-api-v2, the client Warhorn uses: shapes, pagination, caps, windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwitterApi } from 'twitter-api-v2';
import { startXFake, xFakeClientSettings, type XFake, type XPost, type XUser } from './index.js';

const T0 = new Date('2026-11-21T08:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let x: XFake;
let client: TwitterApi;
let app: XUser;
let alice: XUser;
let root: XPost;
const fans: XUser[] = [];

beforeAll(async () => {
  x = await startXFake({ now: () => T0 });
  client = new TwitterApi(x.bearerToken, xFakeClientSettings(x));
  app = x.createUser({ username: 'warhorn_app' });
  x.setAppAccount(app);
  alice = x.createUser({ username: 'alice', name: 'Alice', createdAt: new Date('2020-01-02T03:04:05.000Z'), followers: 1200, following: 80, bio: 'gm' });
  x.clock.set(minutes(-120));
  root = x.post(alice, 'Raid this post');
  for (let i = 0; i < 250; i++) fans.push(x.createUser({ username: `fan${i}`, createdAt: new Date('2024-05-01T00:00:00.000Z') }));
  fans.forEach((f, i) => x.reply(f, root.id, `reply number ${i}`, { at: minutes(-100 + i * 0.1) }));
  x.clock.set(T0);
});
afterAll(() => x.close());

describe('post lookup', () => {
  it('returns fields and expands the author into includes.users', async () => {
    const res = await client.v2.singleTweet(root.id, {
      'tweet.fields': ['author_id', 'created_at', 'conversation_id', 'public_metrics', 'referenced_tweets'],
      expansions: ['author_id'],
      'user.fields': ['created_at', 'public_metrics', 'description'],
    });
    expect(res.data).toEqual({
      id: root.id,
      text: 'Raid this post',
      edit_history_tweet_ids: [root.id],
      author_id: alice.id,
      created_at: minutes(-120).toISOString(),
      conversation_id: root.id,
      public_metrics: { retweet_count: 0, reply_count: 250, like_count: 0, quote_count: 0, bookmark_count: 0, impression_count: 0 },
    });
    expect(res.includes?.users).toEqual([{
      id: alice.id, name: 'Alice', username: 'alice', created_at: '2020-01-02T03:04:05.000Z', description: 'gm',
      public_metrics: { followers_count: 1200, following_count: 80, tweet_count: 1, listed_count: 0, like_count: 0, media_count: 0 },
    }]);
    expect(root.url).toBe(`https://x.com/alice/status/${root.id}`);
  });

  it('sends a post text HTML-escaped, as X does, with entity offsets counting the text as written', async () => {
    const author = x.createUser({ username: 'escapes' });
    const post = x.post(author, 'fish & chips <3 #food');
    const res = await client.v2.singleTweet(post.id, { 'tweet.fields': ['entities'] });
    expect(res.data.text).toBe('fish &amp; chips &lt;3 #food');
    expect(res.data.entities?.hashtags?.[0]).toMatchObject({ start: 16, end: 21, tag: 'food' });
  });

  it('answers a missing post with 200 and a resource-not-found error, and batches ?ids=', async () => {
    const missing = await client.v2.singleTweet('123');
    expect(missing).toEqual({ errors: [{
      value: '123', detail: 'Could not find tweet with id: [123].', title: 'Not Found Error', resource_type: 'tweet',
      parameter: 'id', resource_id: '123', type: 'https://api.twitter.com/2/problems/resource-not-found',
    }] });
    const batch = await client.v2.tweets([root.id, '123'], { 'tweet.fields': ['in_reply_to_user_id'] });
    expect(batch.data.map((t) => t.id)).toEqual([root.id]);
    expect(batch.errors?.[0]).toMatchObject({ parameter: 'ids', resource_id: '123' });
  });

  it('gives replies their conversation, parent and leading mention', async () => {
    const [reply] = (await client.v2.search(`conversation_id:${root.id} from:fan0`, {
      'tweet.fields': ['conversation_id', 'in_reply_to_user_id', 'referenced_tweets'],
    })).tweets;
    expect(reply).toMatchObject({
      text: '@alice reply number 0', conversation_id: root.id, in_reply_to_user_id: alice.id,
      referenced_tweets: [{ type: 'replied_to', id: root.id }],
    });
  });

  it('refuses an unknown field the way X does', async () => {
    await expect(client.v2.singleTweet(root.id, { 'tweet.fields': ['nope' as 'text'] })).rejects.toMatchObject({
      code: 400, data: { title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request' },
    });
  });
});

describe('search/recent', () => {
  it('pages through 250 replies, 100 at a time, newest first', async () => {
    const paginator = await client.v2.search(`conversation_id:${root.id} is:reply`, { max_results: 100, 'tweet.fields': ['author_id'] });
    expect(paginator.meta.result_count).toBe(100);
    expect(paginator.meta.next_token).toBeTruthy();
    await paginator.fetchLast(1000);
    const tweets = paginator.tweets;
    expect(tweets).toHaveLength(250);
    expect(new Set(tweets.map((t) => t.author_id)).size).toBe(250);
    expect(tweets[0]!.text).toBe('@alice reply number 249');
    const ids = tweets.map((t) => BigInt(t.id));
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!)).toBe(true);
  });

  it('includes the root post of the conversation when the query does not exclude it', async () => {
    const all = await client.v2.search(`conversation_id:${root.id}`, { max_results: 100 });
    await all.fetchLast(1000);
    expect(all.tweets).toHaveLength(251);
  });

  it('only sees the last 7 days, and refuses an older start_time', async () => {
    const old = x.post(alice, 'eight days ago', { at: new Date(T0.getTime() - 8 * 86400_000) });
    x.reply(fans[0]!, old.id, 'late reply', { at: new Date(T0.getTime() - 8 * 86400_000 + 60_000) });
    const fresh = x.reply(fans[1]!, old.id, 'recent reply', { at: minutes(-5) });
    const res = await client.v2.search(`conversation_id:${old.id}`);
    expect(res.tweets.map((t) => t.id)).toEqual([fresh.id]);
    await expect(client.v2.search(`conversation_id:${old.id}`, { start_time: new Date(T0.getTime() - 8 * 86400_000).toISOString() }))
      .rejects.toMatchObject({ code: 400 });
    x.clock.advance(7 * 86400_000);
    try {
      expect((await client.v2.search(`conversation_id:${old.id}`)).meta.result_count).toBe(0);
    } finally {
      x.clock.set(T0);
    }
  });

  it('honours since_id, start_time and engagement scripted for later', async () => {
    const later = x.reply(fans[2]!, root.id, 'from the future', { at: minutes(10) });
    const newest = (await client.v2.search(`conversation_id:${root.id}`)).meta.newest_id;
    expect(newest).not.toBe(later.id);
    x.clock.advance(11 * 60_000);
    try {
      const since = await client.v2.search(`conversation_id:${root.id}`, { since_id: newest });
      expect(since.tweets.map((t) => t.id)).toEqual([later.id]);
      const window = await client.v2.search(`conversation_id:${root.id}`, { start_time: minutes(5).toISOString() });
      expect(window.tweets.map((t) => t.id)).toEqual([later.id]);
    } finally {
      x.clock.set(T0);
      x.deletePost(later.id);
    }
  });
});

describe('engagement lists', () => {
  it('liking_users: private unless the caller wrote the post; then the first 100 likers only', async () => {
    const own = x.post(app, 'our announcement', { at: minutes(-60) });
    fans.slice(0, 150).forEach((f, i) => x.like(f, own.id, { at: minutes(-59 + i * 0.1) }));
    fans.slice(0, 10).forEach((f) => x.like(f, root.id));
    expect(await client.v2.tweetLikedBy(root.id)).toEqual({ meta: { result_count: 0 } });
    const likers = await client.v2.tweetLikedBy(own.id, { asPaginator: true, max_results: 40 });
    await likers.fetchLast();
    const names = likers.users.map((u) => u.username);
    expect(names).toHaveLength(100);
    expect(new Set(names)).toEqual(new Set(fans.slice(0, 100).map((f) => f.username)));
    expect(names[0]).toBe('fan99');
    const lookup = await client.v2.singleTweet(own.id, { 'tweet.fields': ['public_metrics'] });
    expect(lookup.data.public_metrics?.like_count).toBe(150);
    x.setLikesVisibility(root.id, 'public');
    expect((await client.v2.tweetLikedBy(root.id)).data).toHaveLength(10);
  });

  it('retweeted_by: the 100 most recent reposters, no next page', async () => {
    fans.slice(0, 130).forEach((f, i) => x.repost(f, root.id, { at: minutes(-30 + i * 0.1) }));
    const res = await client.v2.tweetRetweetedBy(root.id);
    expect(res.data).toHaveLength(100);
    expect(res.meta).toEqual({ result_count: 100 });
    expect(res.data[0]!.username).toBe('fan129');
    expect(res.data.at(-1)!.username).toBe('fan30');
    const metrics = (await client.v2.singleTweet(root.id, { 'tweet.fields': ['public_metrics'] })).data.public_metrics;
    expect(metrics?.retweet_count).toBe(130);
  });

  it('quote_tweets: pages of up to 100 with pagination_token', async () => {
    const quoters = fans.slice(100, 225);
    quoters.forEach((f, i) => x.quote(f, root.id, `quoting ${i}`, { at: minutes(-20 + i * 0.1) }));
    const quotes = await client.v2.quotes(root.id, { max_results: 100, expansions: ['author_id'], 'tweet.fields': ['referenced_tweets'] });
    expect(quotes.meta.result_count).toBe(100);
    await quotes.fetchLast();
    expect(quotes.tweets).toHaveLength(125);
    expect(quotes.tweets[0]).toMatchObject({ referenced_tweets: [{ type: 'quoted', id: root.id }] });
    expect(quotes.tweets[0]!.text).toMatch(/^quoting 124 https:\/\/t\.co\/\w{10}$/);
    expect(quotes.includes.users).toHaveLength(125);
  });
});

describe('users', () => {
  it('looks users up by username, id and ids, with bio and public metrics', async () => {
    const byName = await client.v2.userByUsername('ALICE', { 'user.fields': ['created_at', 'description', 'protected', 'verified'] });
    expect(byName.data).toEqual({ id: alice.id, name: 'Alice', username: 'alice', created_at: '2020-01-02T03:04:05.000Z', description: 'gm', protected: false, verified: false });
    x.setBio(alice, 'warhorn-code-42');
    expect((await client.v2.user(alice.id, { 'user.fields': ['description'] })).data.description).toBe('warhorn-code-42');
    const many = await client.v2.users([alice.id, fans[0]!.id, '42']);
    expect(many.data.map((u) => u.username)).toEqual(['alice', 'fan0']);
    expect(many.errors?.[0]).toMatchObject({ detail: 'Could not find user with id: [42].', parameter: 'ids' });
    expect(await client.v2.userByUsername('nobody')).toEqual({ errors: [{
      value: 'nobody', detail: 'Could not find user with username: [nobody].', title: 'Not Found Error', resource_type: 'user',
      parameter: 'username', resource_id: 'nobody', type: 'https://api.twitter.com/2/problems/resource-not-found',
    }] });
  });

  it("pages a user's posts", async () => {
    for (let i = 0; i < 12; i++) x.post(fans[3]!, `post ${i}`, { at: minutes(-50 + i) });
    const timeline = await client.v2.userTimeline(fans[3]!.id, { max_results: 5, exclude: ['replies', 'retweets'] });
    await timeline.fetchLast();
    expect(timeline.tweets.map((t) => t.text)).toEqual(Array.from({ length: 12 }, (_, i) => `post ${11 - i}`));
  });

  it("counts excluded replies in a timeline page's max_results, shows a repost as a post, and reaches 800 posts with exclude=replies", async () => {
    const u = x.createUser({ username: 'busy_raider' });
    // Oldest first: an original post, a repost of the root, three replies, another original post.
    x.post(u, 'an earlier thought', { at: minutes(-44) });
    const repost = x.repost(u, root.id, { at: minutes(-40) });
    for (let i = 0; i < 3; i++) x.reply(u, root.id, `reply ${i}`, { at: minutes(-30 + i) });
    x.post(u, 'my own words', { at: minutes(-20) });
    const q = { max_results: 5, exclude: 'replies', 'tweet.fields': 'created_at,referenced_tweets', start_time: minutes(-45).toISOString() };
    const first = await client.v2.get<{ data?: Array<{ id: string; text: string; referenced_tweets?: unknown }>; meta: { next_token?: string; result_count: number } }>(`users/${u.id}/tweets`, q);
    // The newest five posts of the timeline were covered; the three replies among them are dropped, so two come back.
    expect(first.data?.map((p) => p.text)).toEqual(['my own words', `RT @alice: Raid this post`]);
    expect(first.data?.[1]).toMatchObject({ id: repost.id, referenced_tweets: [{ type: 'retweeted', id: root.id }] });
    const second = await client.v2.get<{ data?: Array<{ text: string }>; meta: { next_token?: string } }>(`users/${u.id}/tweets`, { ...q, pagination_token: first.meta.next_token });
    expect(second.data?.map((p) => p.text)).toEqual(['an earlier thought']);
    expect(second.meta.next_token).toBeUndefined();


    const prolific = x.createUser({ username: 'prolific' });
    x.post(prolific, 'the oldest post', { at: minutes(-119) });
    for (let i = 0; i < 800; i++) x.post(prolific, `post ${i}`, { at: new Date(minutes(-110).getTime() + i * 1000) });
    const oldest = async (exclude?: string) => {
      const page = await client.v2.get<{ data?: Array<{ text: string }> }>(`users/${prolific.id}/tweets`, { max_results: 100, end_time: minutes(-115).toISOString(), ...(exclude ? { exclude } : {}) });
      return page.data?.map((p) => p.text) ?? [];
    };
    expect(await oldest()).toEqual(['the oldest post']);
    expect(await oldest('replies')).toEqual([]); // the 801st newest post is beyond exclude=replies' 800
  });

  it('refuses a wrong token with 401', async () => {
    const stranger = new TwitterApi('wrong', xFakeClientSettings(x));
    await expect(stranger.v2.singleTweet(root.id)).rejects.toMatchObject({
      code: 401, data: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
    });
  });
});
