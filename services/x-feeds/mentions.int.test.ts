import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BOT_ID, startFeedsHarness, type FeedsHarness } from './feeds.test-support.js';

// Live mentions against the X fake's recent search, on real Postgres and Redis: terms shared by groups cost
// one query, each group gets the posts of its own terms and filters, and a flood is capped and summarised.

let h: FeedsHarness;
let n = 0;
beforeAll(async () => {
  h = await startFeedsHarness('feeds_mentions');
});
afterAll(async () => {
  await h.close();
});

const tick = (ms = 1000) => h.fake.clock.advance(ms);
const searches = () => h.count('GET /2/tweets/search/recent');
const relayed = async (chat: Parameters<FeedsHarness['texts']>[0]) => (await h.texts(chat)).filter((t) => !/more posts? mentioned/i.test(t));
async function pollAll(feeds: ReturnType<FeedsHarness['makeFeeds']>) {
  tick(1_800_001);
  for (let i = 0; i < 20; i++) if ((await feeds.pollMentions()).polled === 0) return;
}

describe('live mentions', () => {
  it('relays a post to the groups whose terms it matches, with one search for all of them', async () => {
    const feeds = h.makeFeeds();
    const [a, b, c] = [await h.group(++n), await h.group(++n), await h.group(++n)];
    expect(await feeds.addMentionTerm({ botId: BOT_ID, chatId: a, actorId: ADMIN }, '$WAR')).toEqual({ ok: true, label: '$WAR', changed: true });
    await feeds.addMentionTerm({ botId: BOT_ID, chatId: b, actorId: ADMIN }, '$war');
    await feeds.addMentionTerm({ botId: BOT_ID, chatId: c, actorId: ADMIN }, '#moonshot');
    expect(await feeds.addMentionTerm({ botId: BOT_ID, chatId: c, actorId: ADMIN }, '#moonshot')).toMatchObject({ ok: true, changed: false });
    expect(await feeds.addMentionTerm({ botId: BOT_ID, chatId: c, actorId: ADMIN }, 'from:elon')).toMatchObject({ ok: false });
    tick();
    const kol = h.fake.createUser({ username: `kol${n}`, followers: 5000 });
    const war = h.fake.post(kol, 'buying more $WAR today');
    const moon = h.fake.post(kol, 'this is a #moonshot');
    h.fake.post(kol, 'nothing to see');
    const before = searches();
    await pollAll(feeds);
    expect(searches() - before).toBe(1);
    expect((await relayed(a)).join()).toContain('buying more');
    expect((await relayed(b)).join()).toContain('buying more');
    expect((await relayed(a)).join()).not.toContain('moonshot');
    expect((await relayed(c)).join()).toContain('moonshot');
    expect((await relayed(c)).join()).not.toContain('buying more');
    expect(war.id < moon.id).toBe(true);
    await pollAll(feeds);
    expect(await relayed(a)).toHaveLength(1);

    expect(await feeds.removeMentionTerm({ chatId: a, actorId: ADMIN }, '$WAR')).toMatchObject({ ok: true, changed: true });
    tick();
    h.fake.post(kol, 'still talking about $WAR');
    await pollAll(feeds);
    expect(await relayed(a)).toHaveLength(1);
    expect(await relayed(b)).toHaveLength(2);
  });

  it("keeps to the group's filters: followers and language", async () => {
    const feeds = h.makeFeeds();
    const picky = await h.group(++n, { mentions: { minFollowers: 1000, lang: 'es', perHour: 10 } });
    await feeds.addMentionTerm({ botId: BOT_ID, chatId: picky, actorId: ADMIN }, '#filtros');
    tick();
    const big = h.fake.createUser({ username: `big${n}`, followers: 50_000 });
    const small = h.fake.createUser({ username: `small${n}`, followers: 10 });
    h.fake.post(big, 'vamos #filtros', { lang: 'es' });
    h.fake.post(big, 'lets go #filtros', { lang: 'en' });
    h.fake.post(small, 'vamos también #filtros', { lang: 'es' });
    await pollAll(feeds);
    const got = await relayed(picky);
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('vamos <a');
    expect(got[0]).not.toContain('también');
  });

  it('caps a flood at the hourly limit and summarises the rest once the hour is over', async () => {
    const feeds = h.makeFeeds();
    const busy = await h.group(++n, { mentions: { minFollowers: 0, lang: 'any', perHour: 3 } });
    await feeds.addMentionTerm({ botId: BOT_ID, chatId: busy, actorId: ADMIN }, '"trending now"');
    tick();
    const people = Array.from({ length: 10 }, (_, i) => h.fake.createUser({ username: `flood${n}_${i}`, followers: 100 + i }));
    for (const [i, p] of people.entries()) h.fake.post(p, `this is trending now, post ${i}`);
    await pollAll(feeds);
    expect(await relayed(busy)).toHaveLength(3);
    const summary = async () => (await h.texts(busy)).filter((t) => /more posts? mentioned/i.test(t));
    expect(await summary()).toHaveLength(0);
    tick(3_600_000);
    await pollAll(feeds);
    const [said] = await summary();
    expect(said).toMatch(/\b7 more posts mentioned/);
    expect(await relayed(busy)).toHaveLength(3);
  });
});
