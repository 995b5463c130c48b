// The fake's recent-search query language through twitter-api-v2: OR and groups (AND before OR), negated
// groups, hashtags, cashtags and mentions as whole tokens, lang:, and the refusals X documents (a query of
// conjunction-required operators only, an unclosed group, over 512 characters); and a post's public metrics
// growing as the clock reaches what was scripted ahead (what KOL tracking refreshes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwitterApi } from 'twitter-api-v2';
import { startXFake, xFakeClientSettings, type XFake } from './index.js';

const T0 = new Date('2026-11-21T08:00:00.000Z');

let x: XFake;
let client: TwitterApi;
const texts = async (query: string) => {
  const page = await client.v2.search(query, { max_results: 100 });
  await page.fetchLast(1000);
  return page.tweets.map((t) => t.text).sort();
};

beforeAll(async () => {
  x = await startXFake({ now: () => T0 });
  client = new TwitterApi(x.bearerToken, xFakeClientSettings(x));
  const ana = x.createUser({ username: 'ana' });
  const kol = x.createUser({ username: 'kol' });
  x.clock.set(new Date(T0.getTime() - 3600_000));
  x.post(ana, 'gm $WAR holders #warhorn');
  x.post(ana, 'buying $WARP today');
  x.post(kol, 'hola $war, vamos', { lang: 'es' });
  x.post(kol, 'thread about #warhornDAO and @ana');
  x.repost(kol, x.post(ana, 'raid time #Warhorn').id);
  x.clock.set(T0);
});
afterAll(() => x.close());

describe('search/recent queries', () => {
  it('matches cashtags, hashtags and mentions as whole tokens, whatever the case', async () => {
    expect(await texts('$war')).toEqual(['gm $WAR holders #warhorn', 'hola $war, vamos']);
    expect(await texts('#warhorn')).toEqual(['RT @ana: raid time #Warhorn', 'gm $WAR holders #warhorn', 'raid time #Warhorn']);
    // A repost mentions its author ("RT @ana: …"), as on X.
    expect(await texts('@ana')).toEqual(['RT @ana: raid time #Warhorn', 'thread about #warhornDAO and @ana']);
  });

  it('applies AND before OR, honours groups and negated groups', async () => {
    expect(await texts('$war OR #warhorn -is:retweet')).toEqual(['gm $WAR holders #warhorn', 'hola $war, vamos', 'raid time #Warhorn']);
    expect(await texts('($war OR #warhorn) -is:retweet from:ana')).toEqual(['gm $WAR holders #warhorn', 'raid time #Warhorn']);
    expect(await texts('#warhorn -(from:ana OR is:retweet)')).toEqual([]);
    expect(await texts('($war OR $warp OR #warhorndao) -from:ana')).toEqual(['hola $war, vamos', 'thread about #warhornDAO and @ana']);
  });

  it('filters by the language X detected', async () => {
    expect(await texts('$war lang:es')).toEqual(['hola $war, vamos']);
    expect(await texts('$war -lang:es')).toEqual(['gm $WAR holders #warhorn']);
    const [tweet] = (await client.v2.search('$war lang:es', { 'tweet.fields': ['lang'] })).tweets;
    expect(tweet?.lang).toBe('es');
  });

  it('refuses, with 400 naming the query, what X refuses', async () => {
    for (const query of ['is:retweet', 'lang:en OR is:reply', '($war OR #warhorn', '$war OR', '"to the moon', `$war ${'x'.repeat(520)}`]) {
      await expect(client.v2.search(query), query).rejects.toMatchObject({
        code: 400,
        data: { errors: [expect.objectContaining({ parameters: { query: [query] } })] },
      });
    }
  });
});

describe('public metrics over time', () => {
  it('grow as the clock reaches the likes, reposts and impressions scripted ahead', async () => {
    const author = x.createUser({ username: 'kol_metrics' });
    const fan = x.createUser({ username: 'fan_metrics' });
    const post = x.post(author, 'a KOL post about $war');
    const later = new Date(T0.getTime() + 3600_000);
    x.view(post.id, 500);
    x.view(post.id, 1500, { at: later });
    x.like(fan, post.id, { at: later });
    x.repost(fan, post.id, { at: later });
    const metrics = async () => (await client.v2.singleTweet(post.id, { 'tweet.fields': ['public_metrics'] })).data.public_metrics;
    expect(await metrics()).toMatchObject({ impression_count: 500, like_count: 0, retweet_count: 0 });
    x.clock.set(later);
    try {
      expect(await metrics()).toMatchObject({ impression_count: 2000, like_count: 1, retweet_count: 1 });
    } finally {
      x.clock.set(T0);
    }
  });
});
