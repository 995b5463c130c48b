import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XFake } from '../../testkit/x/index.js';
import { XLinkError } from './index.js';
import { metricValue, startXHarness, type XHarness } from './x.test-support.js';

// What each purpose cost, persisted in x.usage, and linking a member's X account with OAuth 2.0 PKCE.

let h: XHarness;
let fake: XFake;
beforeAll(async () => {
  h = await startXHarness('x_accounting');
  fake = h.fake;
});
afterAll(async () => {
  await h.close();
});

let seq = 0;
const person = (name: string) => fake.createUser({ username: `${name}${++seq}`, bio: 'hello', followers: 12 });

describe('costs per purpose', () => {
  it('charges each post and user once a UTC day, counts every request, and sums a raid over its purposes', async () => {
    // Start just after midnight UTC so "the same day" holds for the whole test.
    const midnight = Math.ceil(fake.clock.now().getTime() / 86_400_000) * 86_400_000;
    fake.clock.advance(midnight - fake.clock.now().getTime() + 60_000);
    const { x, metrics } = h.makeX();
    const author = person('costly');
    const post = fake.post(author.id, 'what does this cost');
    const repliers = [person('r'), person('r'), person('r')];
    for (const u of repliers) fake.reply(u.id, post.id, `reply from ${u.username}`);
    fake.clock.advance(30_000);

    await x.getPost(post.id, { purpose: 'raid:5:launch' }); // 1 post + its author
    expect(await x.usage('raid:5:launch')).toMatchObject({ requests: 1, resourcesRead: 2, costMicros: 15_000n });

    // Validation reads the post again (free today) and the three replies with their authors (new).
    await x.getPost(post.id, { purpose: 'raid:5:validation' });
    await x.repliesTo(post.id, { purpose: 'raid:5:validation', since: new Date(fake.clock.now().getTime() - 3600_000) });
    const validation = await x.usage('raid:5:validation');
    expect(validation).toMatchObject({ requests: 2, resourcesRead: 2 + 6, costMicros: 3n * 5_000n + 3n * 10_000n });
    expect(validation.rows.map((r) => r.endpoint).sort()).toEqual(['tweets/:id', 'tweets/search/recent']);

    // Asking again the same day costs nothing more but is still counted as a request.
    await x.repliesTo(post.id, { purpose: 'raid:5:validation', since: new Date(fake.clock.now().getTime() - 3600_000) });
    expect(await x.usage('raid:5')).toMatchObject({ requests: 4, costMicros: 15_000n + 45_000n });
    expect(await metricValue(metrics, 'warhorn_x_cost_micros_total', { purpose_kind: 'raid' })).toBe(60_000);
    expect(await metricValue(metrics, 'warhorn_x_requests_total', { endpoint: 'tweets/search/recent', status: '200' })).toBe(2);

    // A new UTC day bills again, in a row of its own.
    fake.clock.advance(86_400_000);
    await x.getPost(post.id, { purpose: 'raid:5:validation' });
    const later = await x.usage('raid:5');
    expect(later.costMicros).toBe(75_000n);
    expect(new Set(later.rows.map((r) => r.day)).size).toBe(2);
  });

  it('uses the configured price table', async () => {
    const { x } = h.makeX({ prices: { postReadMicros: 1n, userReadMicros: 0n } });
    const author = person('cheap');
    const post = fake.post(author.id, 'cheap reads');
    await x.getPost(post.id, { purpose: 'raid:6:launch' });
    expect((await x.usage('raid:6')).costMicros).toBe(1n);
  });
});


describe('linking an X account (OAuth 2.0 with PKCE)', () => {
  it('sends the member to the configured authorize page and returns their X account once', async () => {
    const { x } = h.makeX();
    const alice = person('alice');
    const link = await x.beginLink({ meta: { telegramUserId: 4242 } });
    const url = new URL(link.url);
    expect(url.origin + url.pathname).toBe(`${fake.apiRoot}/i/oauth2/authorize`);
    expect(url.searchParams.get('state')).toBe(link.state);
    expect(link.url).not.toMatch(/verifier/i); // the verifier stays on the server
    // The member goes first to our own hop beside the callback, which sends the browser on to that page.
    expect(link.startUrl).toBe(`https://bot.example/x/start?state=${link.state}`);
    const entry = await x.enterLink(link.state);
    expect(entry).toMatchObject({ ok: true, authorizeUrl: link.url, browser: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const browser = entry.ok ? entry.browser : undefined;

    fake.approveNextAuthorization(alice.id);
    const back = await fake.followAuthorize(link.url);
    expect(back.origin + back.pathname).toBe('https://bot.example/x/callback');
    expect(back.searchParams.get('state')).toBe(link.state);

    const linked = await x.finishLink({ state: link.state, code: back.searchParams.get('code')!, browser });
    expect(linked.meta).toEqual({ telegramUserId: 4242 });
    expect(linked.user).toMatchObject({ id: alice.id, username: alice.username, bio: 'hello', followers: 12 });
    expect(linked.user.createdAt).toBeInstanceOf(Date);
    expect((await x.usage('link')).requests).toBe(2); // token exchange + users/me

    // A replayed callback finds nothing.
    expect(await x.finishLink({ state: link.state, code: back.searchParams.get('code')!, browser }).catch((e) => e)).toBeInstanceOf(XLinkError);
  });

  it('binds a link to the first browser that opens it and refuses the callback from any other, once', async () => {
    const { x } = h.makeX();
    const bob = person('bob_binds');
    const link = await x.beginLink({ meta: { telegramId: 99 } });
    const first = await x.enterLink(link.state);
    if (!first.ok) throw new Error('the first browser was refused');
    expect(await x.enterLink(link.state)).toEqual({ ok: false, reason: 'other_browser' });
    expect(await x.enterLink(link.state, 'A'.repeat(43))).toEqual({ ok: false, reason: 'other_browser' });
    expect(await x.enterLink(link.state, first.browser)).toMatchObject({ ok: true, browser: first.browser }); // the same browser again
    expect(await x.enterLink('no-such-state')).toEqual({ ok: false, reason: 'expired' });

    fake.approveNextAuthorization(bob.id);
    const back = await fake.followAuthorize(link.url);
    const code = back.searchParams.get('code')!;
    const before = (await x.usage('link')).requests;
    const refused = await x.finishLink({ state: link.state, code, browser: undefined }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'XLinkError', reason: 'other_browser', meta: { telegramId: 99 } });
    expect((await x.usage('link')).requests).toBe(before); // the code never went to X
    expect(await x.finishLink({ state: link.state, code, browser: first.browser }).catch((e: unknown) => e)).toMatchObject({ reason: 'expired' });
  });

  it('a wrong code is a link error, not an outage', async () => {
    const { x } = h.makeX();
    const link = await x.beginLink();
    const entry = await x.enterLink(link.state);
    const error = await x.finishLink({ state: link.state, code: 'not-a-code', browser: entry.ok ? entry.browser : undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XLinkError);
    expect(error).toMatchObject({ reason: 'refused' });
    expect(x.circuit()).toBe('closed');
  });

  it('says what is missing when linking is not configured', async () => {
    const { x } = h.makeX({ clientId: undefined, clientSecret: undefined });
    expect(await x.beginLink().catch((e: unknown) => e)).toBeInstanceOf(XLinkError);
  });
});
