// Entities through twitter-api-v2, as feeds read them: offsets in code points, typed links in t.co form
// with their expansion, mention ids, X's cashtag rules, the link X appends for a quote, a repost's entities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwitterApi } from 'twitter-api-v2';
import { startXFake, xFakeClientSettings, type XFake, type XPost, type XUser } from './index.js';

const T0 = new Date('2026-11-21T08:00:00.000Z');
const TCO = /^https:\/\/t\.co\/[A-Za-z0-9]{10}$/;
// What feeds ask for (services/x/mapping.ts FEED_FIELDS), media aside.
const FEED = {
  'tweet.fields': ['author_id', 'conversation_id', 'created_at', 'public_metrics', 'referenced_tweets', 'entities', 'lang'],
  'user.fields': ['created_at', 'description', 'public_metrics'],
  expansions: ['author_id'],
} as const;

let x: XFake;
let client: TwitterApi;
let ana: XUser;
let bob: XUser;
let launch: XPost;

/** The code points of `text` from start to end: what an entity's offsets point at. */
const slice = (text: string, e: { start: number; end: number }) => [...text].slice(e.start, e.end).join('');
const lookup = async (id: string, extra: Record<string, unknown> = {}) => client.v2.singleTweet(id, { ...FEED, ...extra } as never);

beforeAll(async () => {
  x = await startXFake({ now: () => T0 });
  client = new TwitterApi(x.bearerToken, xFakeClientSettings(x));
  ana = x.createUser({ username: 'ana' });
  bob = x.createUser({ username: 'bob' });
  x.clock.set(new Date(T0.getTime() - 3600_000));
  launch = x.post(ana, '🚀 gm @bob and @nobody_here #Warhorn $WAR is live: https://www.warhorn.io/docs/getting-started?ref=x.');
  x.clock.set(T0);
});
afterAll(() => x.close());

describe('entities', () => {
  it('counts offsets in code points, so an emoji before an entity moves it by one, not two', async () => {
    const { data } = await lookup(launch.id);
    const text = data.text;
    expect(text).toMatch(/^🚀 gm @bob and @nobody_here #Warhorn \$WAR is live: https:\/\/t\.co\/[A-Za-z0-9]{10}\.$/);
    const e = data.entities!;
    expect(e.mentions).toEqual([
      { start: 5, end: 9, username: 'bob', id: bob.id },
      { start: 14, end: 26, username: 'nobody_here' }, // no such account: no id
    ]);
    expect(e.hashtags).toEqual([{ start: 27, end: 35, tag: 'Warhorn' }]);
    expect(e.cashtags).toEqual([{ start: 36, end: 40, tag: 'WAR' }]);
    for (const entity of [...e.mentions!, ...e.hashtags!, ...e.cashtags!]) expect(slice(text, entity)).toMatch(/^[@#$]\w+$/);
    expect(text.slice(5, 9)).not.toBe('@bob'); // UTF-16 indices would be one off after the emoji
  });

  it('puts typed links in t.co form, expanded, with the URL X shows (no scheme, no www., long paths cut)', async () => {
    const { data } = await lookup(launch.id);
    const [url] = data.entities!.urls!;
    expect(url).toEqual({
      start: 50, end: 73, url: expect.stringMatching(TCO),
      expanded_url: 'https://www.warhorn.io/docs/getting-started?ref=x', // the closing "." is not part of it
      display_url: 'warhorn.io/docs/getting-s…',
    });
    expect(slice(data.text, url!)).toBe(url!.url);

    const two = x.post(bob, 'see https://example.com/ and (http://bob.io/a_b) or https://github.com/saasfly/saasfly');
    const urls = (await lookup(two.id)).data.entities!.urls!;
    expect(urls.map((u) => [u.expanded_url, u.display_url])).toEqual([
      ['https://example.com/', 'example.com'],
      ['http://bob.io/a_b', 'bob.io/a_b'],
      ['https://github.com/saasfly/saasfly', 'github.com/saasfly/saasfly'],
    ]);
    expect(new Set(urls.map((u) => u.url)).size).toBe(3);
  });

  it('follows twitter-text: $ then 1-6 letters after a space, hashtags need a letter, no mention inside an e-mail', async () => {
    const p = x.post(bob, '$WAR up $1 down $WARPED7 a$BTC ($ETH) $BRK.A, #1 #web3 a#b mail me@ana.io @ana');
    const { data } = await lookup(p.id);
    expect(data.entities!.cashtags!.map((c) => c.tag)).toEqual(['WAR', 'BRK.A']);
    expect(data.entities!.hashtags!.map((h) => h.tag)).toEqual(['web3']);
    expect(data.entities!.mentions).toEqual([expect.objectContaining({ username: 'ana', id: ana.id })]);
    // Search reads the same entities: $WARPED7 and a$BTC are no cashtags there either.
    const search = async (q: string) => (await client.v2.search(q)).tweets.map((t) => t.id);
    expect(await search('$WAR from:bob')).toEqual([p.id]);
    expect(await search('$BTC')).toEqual([]);
  });

  it('omits entities when the text has none, as X does', async () => {
    const plain = x.post(bob, 'gm gm');
    expect((await lookup(plain.id)).data).not.toHaveProperty('entities');
  });

  it("gives a quote's trailing link a url entity to the quoted post", async () => {
    const q = x.quote(bob, launch.id, 'read this');
    const { data } = await lookup(q.id);
    const [link] = data.entities!.urls!;
    expect(data.text).toBe(`read this ${link!.url}`);
    expect(link).toEqual({
      start: 10, end: 33, url: expect.stringMatching(TCO), expanded_url: launch.url,
      display_url: `x.com${`/ana/status/${launch.id}`.slice(0, 15)}…`,
    });
  });

  it("covers a repost's @author and the original's entities, moved past \"RT @ana: \"", async () => {
    const rt = x.repost(bob, launch.id);
    const original = (await lookup(launch.id)).data;
    const { data } = await lookup(rt.id);
    expect(data.text).toBe(`RT @ana: ${original.text}`);
    const moved = <T extends { start: number; end: number }>(l: T[] | undefined) => l!.map((e) => ({ ...e, start: e.start + 9, end: e.end + 9 }));
    expect(data.entities).toEqual({
      mentions: [{ start: 3, end: 7, username: 'ana', id: ana.id }, ...moved(original.entities!.mentions)],
      hashtags: moved(original.entities!.hashtags),
      cashtags: moved(original.entities!.cashtags),
      urls: moved(original.entities!.urls),
    });
    for (const m of data.entities!.mentions!) expect(slice(data.text, m)).toBe(`@${m.username}`);
  });
});
