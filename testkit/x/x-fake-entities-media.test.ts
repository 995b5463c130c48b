// Entities and media through twitter-api-v2, as feeds read them: offsets in code points, typed links in t.co
// form with their expansion, mention ids, X's cashtag rules, the links X appends for a quote and for media,
// a repost's entities, and media keys with includes.media on every endpoint that returns posts.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwitterApi, type TTweetv2MediaField } from 'twitter-api-v2';
import { DriverError, startXFake, xFakeClientSettings, type XFake, type XPost, type XUser } from './index.js';

const T0 = new Date('2026-11-21T08:00:00.000Z');
const TCO = /^https:\/\/t\.co\/[A-Za-z0-9]{10}$/;
// What feeds ask for (services/x/mapping.ts FEED_FIELDS).
const FEED = {
  'tweet.fields': ['author_id', 'conversation_id', 'created_at', 'public_metrics', 'referenced_tweets', 'entities', 'lang', 'attachments'],
  'user.fields': ['created_at', 'description', 'public_metrics'],
  'media.fields': ['type', 'url', 'preview_image_url'],
  expansions: ['author_id', 'attachments.media_keys'],
} as const;

let x: XFake;
let client: TwitterApi;
let ana: XUser;
let bob: XUser;
let launch: XPost;
let gallery: XPost;
let clip: XPost;

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
  gallery = x.post(ana, 'two shots', { media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/AnaShot1.jpg', altText: 'the stage' }, { type: 'photo' }] });
  clip = x.post(ana, '', { media: [{ type: 'video', durationMs: 12_345, width: 1920, height: 1080 }] });
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

describe('media', () => {
  it('gives media keys, a trailing pic link per post with a url entity per item, and includes.media as asked', async () => {
    const res = await lookup(gallery.id);
    const keys = res.data.attachments!.media_keys!;
    expect(keys).toEqual([expect.stringMatching(/^3_\d+$/), expect.stringMatching(/^3_\d+$/)]);
    const urls = res.data.entities!.urls!;
    const slug = urls[0]!.url.slice('https://t.co/'.length);
    expect(res.data.text).toBe(`two shots https://t.co/${slug}`);
    expect(urls).toEqual(keys.map((key) => ({
      start: 10, end: 33, url: `https://t.co/${slug}`, expanded_url: `${gallery.url}/photo/1`, display_url: `pic.x.com/${slug}`, media_key: key,
    })));
    // Only the fields asked for: no width, height or alt_text here.
    expect(res.includes?.media).toEqual([
      { media_key: keys[0], type: 'photo', url: 'https://pbs.twimg.com/media/AnaShot1.jpg' },
      { media_key: keys[1], type: 'photo', url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\/media\/[\w-]{15}\.jpg$/) },
    ]);
  });

  it('shows a video by its preview, with size and duration when asked; names X knows but the fake leaves empty are accepted', async () => {
    const fields: TTweetv2MediaField[] = ['type', 'url', 'preview_image_url', 'width', 'height', 'duration_ms', 'alt_text', 'variants', 'public_metrics'];
    const res = await lookup(clip.id, { 'media.fields': fields });
    const [key] = res.data.attachments!.media_keys!;
    expect(key).toMatch(/^7_\d+$/);
    expect(res.data.text).toMatch(TCO); // no text of its own: the pic link alone
    expect(res.data.entities!.urls).toEqual([expect.objectContaining({ start: 0, end: 23, expanded_url: `${clip.url}/video/1`, media_key: key })]);
    expect(res.includes?.media).toEqual([{
      media_key: key, type: 'video', width: 1920, height: 1080, duration_ms: 12_345,
      preview_image_url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\/ext_tw_video_thumb\/\d+\/pu\/img\/\w+\.jpg$/),
    }]);
    const withAlt = await lookup(gallery.id, { 'media.fields': ['alt_text', 'width'] });
    expect(withAlt.includes?.media?.[0]).toEqual({ media_key: expect.any(String), type: 'photo', alt_text: 'the stage', width: 1200 });
  });

  it('keys a GIF 16_ and links it as a photo, as X does', async () => {
    const gif = x.post(bob, 'lol', { media: [{ type: 'animated_gif' }] });
    const res = await lookup(gif.id);
    expect(res.data.attachments!.media_keys).toEqual([expect.stringMatching(/^16_\d+$/)]);
    expect(res.data.entities!.urls![0]!.expanded_url).toBe(`${gif.url}/photo/1`);
    expect(res.includes?.media).toEqual([{ media_key: expect.any(String), type: 'animated_gif', preview_image_url: expect.stringMatching(/^https:\/\/pbs\.twimg\.com\/tweet_video_thumb\//) }]);
  });

  it('refuses a media field X does not know with its 400, listing the allowed ones', async () => {
    await expect(lookup(gallery.id, { 'media.fields': ['type', 'nope'] })).rejects.toMatchObject({
      code: 400,
      data: {
        title: 'Invalid Request',
        errors: [{
          parameters: { 'media.fields': ['nope'] },
          message: 'The `media.fields` query parameter value [nope] is not one of [alt_text,duration_ms,height,media_key,non_public_metrics,organic_metrics,preview_image_url,promoted_metrics,public_metrics,type,url,variants,width]',
        }],
      },
    });
  });

  it('comes with posts on the timeline, search, lookup by ids and quote_tweets', async () => {
    const quote = x.quote(bob, launch.id, 'with a picture', { media: [{ type: 'photo' }] });
    const mediaOf = (page: { includes?: { media?: Array<{ media_key: string }> } }) => (page.includes?.media ?? []).map((m) => m.media_key);
    const galleryKeys = (await lookup(gallery.id)).data.attachments!.media_keys!;
    const quoteKeys = (await lookup(quote.id)).data.attachments!.media_keys!;

    const timeline = await client.v2.userTimeline(ana.id, { ...FEED, max_results: 100 } as never);
    expect(mediaOf(timeline.data)).toEqual(expect.arrayContaining([...galleryKeys, expect.stringMatching(/^7_/)]));
    expect(timeline.tweets.find((t) => t.id === gallery.id)?.attachments?.media_keys).toEqual(galleryKeys);

    const search = await client.v2.search('two shots', FEED as never);
    expect(mediaOf(search.data)).toEqual(galleryKeys);

    const byIds = await client.v2.tweets([gallery.id, quote.id], FEED as never);
    expect(mediaOf(byIds)).toEqual([...galleryKeys, ...quoteKeys]);

    const quotes = await client.v2.quotes(launch.id, FEED as never);
    expect(mediaOf(quotes.data)).toEqual(quoteKeys);
    // A quote with media: its link to the quoted post, then the pic link.
    const q = quotes.tweets.find((t) => t.id === quote.id)!;
    expect(q.entities!.urls!.map((u) => u.expanded_url)).toEqual([launch.url, `${quote.url}/photo/1`]);
  });

  it("leaves a repost without attachments: the original's media come with referenced_tweets.id.attachments.media_keys", async () => {
    const rt = x.repost(bob, gallery.id);
    const keys = (await lookup(gallery.id)).data.attachments!.media_keys!;
    const plain = await lookup(rt.id);
    expect(plain.data).not.toHaveProperty('attachments');
    expect(plain.includes?.media).toBeUndefined();
    expect(plain.data.entities!.urls!.map((u) => u.media_key)).toEqual(keys); // its text carries the pic link
    const expanded = await lookup(rt.id, { expansions: ['referenced_tweets.id.attachments.media_keys'] });
    expect(expanded.includes?.media?.map((m) => m.media_key)).toEqual(keys);
  });

  it('holds X to 4 photos or one video or GIF alone, and takes media over the HTTP driver', async () => {
    expect(() => x.post(ana, 'too many', { media: Array.from({ length: 5 }, () => ({ type: 'photo' as const })) })).toThrow(DriverError);
    expect(() => x.post(ana, 'mixed', { media: [{ type: 'video' }, { type: 'photo' }] })).toThrow(DriverError);
    const made = await driver('/__driver/posts', { user: 'ana', text: 'over http', media: [{ type: 'photo', url: 'https://pbs.twimg.com/media/Http.jpg' }] });
    expect(made.ok).toBe(true);
    const res = await lookup(made.result.id);
    expect(res.includes?.media).toEqual([{ media_key: expect.stringMatching(/^3_/), type: 'photo', url: 'https://pbs.twimg.com/media/Http.jpg' }]);
    expect(await driver('/__driver/posts', { user: 'ana', text: 'bad', media: [{ type: 'sticker' }] })).toMatchObject({ ok: false, error: expect.stringContaining('media type') });
  });
});

function driver(path: string, body: unknown): Promise<{ ok: boolean; result: { id: string }; error?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${x.apiRoot}${path}`, { method: 'POST', ca: x.ca, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
