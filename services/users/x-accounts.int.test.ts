import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createHistory, type History } from '../history/index.js';
import { createX, type XConfig } from '../x/index.js';
import { createUsers, type Users } from './index.js';
import { systemClock } from '../platform/clock.js';
import { uid } from '../platform/telegram-ids.test-support.js';

// Linking members' X accounts against real Postgres and Redis and the X fake over HTTPS: the rule "one X
// account, one member", bio codes, and the OAuth round trip as a member's browser would make it.

const CALLBACK = 'https://warhorn.example/x/oauth/callback';
let fake: XFake;
let db: TestDatabase;
let r: TestRedis;
let agent: https.Agent;
let history: History;
let users: Users;
let n = 0;

function makeUsers(config: Partial<XConfig> = {}, withX = true): Users {
  const x = createX({
    db: db.dataSource,
    redis: r.redis,
    prefix: `${r.prefix}:${++n}`,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    clock: fake.clock,
    config: { apiRoot: fake.apiRoot, bearerToken: fake.bearerToken, clientId: fake.clientId, clientSecret: fake.clientSecret, callbackUrl: CALLBACK, ...config },
    httpsAgent: agent,
    sleep: async (ms) => fake.clock.advance(ms),
  });
  return createUsers({ db: db.dataSource, history, clock: fake.clock, redis: r.redis, prefix: `${r.prefix}:${n}`, ...(withX ? { x } : {}) });
}

beforeAll(async () => {
  [fake, db, r] = await Promise.all([startXFake(), freshDatabase('users_x'), freshRedis()]);
  agent = new https.Agent({ ca: fake.ca });
  history = createHistory({ clock: systemClock, db: db.dataSource, log: silentLogger(), metrics: createMetrics({ defaults: false }) });
  users = makeUsers();
});
afterAll(async () => {
  agent?.destroy();
  await fake?.close();
  await r?.cleanup();
  await db?.drop();
});

let seq = 0;
/** A Telegram member who has talked to the bot, and an X account of their own. */
async function member(name: string) {
  const telegramId = uid(700_000 + ++seq);
  await users.touch({ id: telegramId, first_name: name, username: `${name}_tg${seq}` }, 1);
  const xUser = fake.createUser({ username: `${name}_x${seq}`, bio: 'gm' });
  return { telegramId, xUser };
}
const trail = async (telegramId: number) => (await history.list({ subjectKind: 'user', subjectId: String(telegramId) })).reverse();

describe('one X account, one member', () => {
  it('links an account once and refuses a second member claiming it, keeping a record of the refusal', async () => {
    const ana = await member('ana');
    const ben = await member('ben');
    expect(await users.linkXAccount(ana.telegramId, ana.xUser, 'oauth')).toMatchObject({ ok: true, username: ana.xUser.username, replaced: null });
    expect(await users.xAccountOf(ana.telegramId)).toMatchObject({ xUserId: ana.xUser.id, username: ana.xUser.username, method: 'oauth' });

    const claim = await users.linkXAccount(ben.telegramId, ana.xUser, 'bio');
    expect(claim).toMatchObject({ ok: false, reason: 'taken' });
    expect(await users.xAccountOf(ben.telegramId)).toBeNull();
    expect((await users.xAccountOf(ana.telegramId))?.xUserId).toBe(ana.xUser.id);

    const refused = (await trail(ben.telegramId)).find((e) => e.action === 'user.x_link_refused');
    expect(refused?.data).toMatchObject({ xUserId: ana.xUser.id, ownerTelegramId: String(ana.telegramId) });
    expect((await trail(ana.telegramId)).map((e) => e.action)).toEqual(['user.registered', 'user.x_linked']);

    const owners = await users.xAccountOwners([ana.xUser.id, ben.xUser.id, '999']);
    expect([...owners]).toEqual([[ana.xUser.id, ana.telegramId]]);
  });

  it('lets two members racing for one account end with exactly one owner', async () => {
    const [cy, dan] = [await member('cy'), await member('dan')];
    const results = await Promise.all([users.linkXAccount(cy.telegramId, cy.xUser, 'oauth'), users.linkXAccount(dan.telegramId, cy.xUser, 'oauth')]);
    expect(results.filter((res) => res.ok)).toHaveLength(1);
    expect(results.filter((res) => !res.ok && res.reason === 'taken')).toHaveLength(1);
  });

  it('re-linking another account replaces the old one, which another member may then link', async () => {
    const eve = await member('eve');
    const fay = await member('fay');
    const second = fake.createUser({ username: `eve_alt${seq}` });
    await users.linkXAccount(eve.telegramId, eve.xUser, 'oauth');
    const relink = await users.linkXAccount(eve.telegramId, second, 'bio');
    expect(relink).toMatchObject({ ok: true, replaced: { xUserId: eve.xUser.id, username: eve.xUser.username } });
    expect(await users.xAccountOf(eve.telegramId)).toMatchObject({ xUserId: second.id, method: 'bio' });
    expect((await trail(eve.telegramId)).map((e) => e.action)).toEqual(['user.registered', 'user.x_linked', 'user.x_unlinked', 'user.x_linked']);

    expect(await users.linkXAccount(fay.telegramId, eve.xUser, 'oauth')).toMatchObject({ ok: true });
    // Linking the same account again changes nothing and records nothing new.
    expect(await users.linkXAccount(fay.telegramId, eve.xUser, 'oauth')).toMatchObject({ ok: true, unchanged: true });
    expect((await trail(fay.telegramId)).filter((e) => e.action === 'user.x_linked')).toHaveLength(1);
  });

  it('gives names for a leaderboard in one call', async () => {
    const gus = await member('gus');
    const names = await users.profiles([gus.telegramId, uid(123)]);
    expect([...names]).toEqual([[gus.telegramId, { username: `gus_tg${seq}`, firstName: 'gus' }]]);
  });
});

describe('linking with a code in the X bio', () => {
  it('links only once the code is in the bio of the account named, and the code works once', async () => {
    const hal = await member('hal');
    const { code, username } = await users.startBioLink(hal.telegramId, `@${hal.xUser.username}`);
    expect(code).toMatch(/^warhorn-[a-z2-9]{6}$/);
    expect(username).toBe(hal.xUser.username);

    expect(await users.checkBioLink(hal.telegramId)).toMatchObject({ ok: false, reason: 'code_not_found', username: hal.xUser.username });
    expect(await users.xAccountOf(hal.telegramId)).toBeNull();

    fake.setBio(hal.xUser.id, `building things | ${code}`);
    expect(await users.checkBioLink(hal.telegramId)).toMatchObject({ ok: true, xUserId: hal.xUser.id });
    expect(await users.xAccountOf(hal.telegramId)).toMatchObject({ xUserId: hal.xUser.id, method: 'bio' });
    expect(await users.checkBioLink(hal.telegramId)).toMatchObject({ ok: false, reason: 'no_code' });
  });

  it('a code from a replaced /linkx no longer counts', async () => {
    const ida = await member('ida');
    const first = await users.startBioLink(ida.telegramId, ida.xUser.username);
    const second = await users.startBioLink(ida.telegramId, ida.xUser.username);
    fake.setBio(ida.xUser.id, first.code);
    expect(await users.checkBioLink(ida.telegramId)).toMatchObject({ ok: false, reason: 'code_not_found' });
    fake.setBio(ida.xUser.id, second.code.toUpperCase()); // people retype; case does not matter
    expect(await users.checkBioLink(ida.telegramId)).toMatchObject({ ok: true });
  });

  it('a code expires after 30 minutes', async () => {
    const jon = await member('jon');
    const before = fake.clock.now().getTime();
    const { code, expiresAt } = await users.startBioLink(jon.telegramId, jon.xUser.username);
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(fake.clock.now().getTime() + 30 * 60_000);
    fake.setBio(jon.xUser.id, code);
    fake.clock.advance(31 * 60_000);
    expect(await users.checkBioLink(jon.telegramId)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await users.xAccountOf(jon.telegramId)).toBeNull();
  });

  it('refuses a bio code on an account another member holds, and says so for unknown accounts', async () => {
    const kim = await member('kim');
    const lou = await member('lou');
    await users.linkXAccount(kim.telegramId, kim.xUser, 'oauth');
    const { code } = await users.startBioLink(lou.telegramId, kim.xUser.username);
    fake.setBio(kim.xUser.id, code);
    expect(await users.checkBioLink(lou.telegramId)).toMatchObject({ ok: false, reason: 'taken' });
    expect((await trail(lou.telegramId)).some((e) => e.action === 'user.x_link_refused')).toBe(true);

    await users.startBioLink(lou.telegramId, 'nobody_at_all');
    expect(await users.checkBioLink(lou.telegramId)).toMatchObject({ ok: false, reason: 'x_user_not_found' });
    await expect(users.startBioLink(lou.telegramId, 'not a handle!')).rejects.toThrow(RangeError);
  });
});


describe('linking with OAuth', () => {
  /** What the api role's first hop does for a browser opening the member's button (no nonce yet). */
  async function firstHop(buttonUrl: string): Promise<{ authorizeUrl: string; browser: string }> {
    const url = new URL(buttonUrl);
    expect(url.origin + url.pathname).toBe(CALLBACK.replace(/callback$/, 'start'));
    const entry = await users.enterOAuthLink(url.searchParams.get('state')!);
    if (!entry.ok) throw new Error(`first hop refused: ${entry.reason}`);
    return entry;
  }

  it('links the account the member approved on X, once per authorization', async () => {
    const max = await member('max');
    const start = await users.startOAuthLink(max.telegramId, { botId: 77 });
    expect(start).not.toBeNull();
    // The member's button leads to our first hop beside the callback, which binds the link to a browser.
    const hop = await firstHop(start!.url);
    fake.approveNextAuthorization(max.xUser.id);
    const back = await fake.followAuthorize(hop.authorizeUrl);
    expect(back.origin + back.pathname).toBe(CALLBACK);

    const done = await users.finishOAuthLink(back.searchParams.get('state')!, back.searchParams.get('code')!, hop.browser);
    expect(done).toMatchObject({ telegramId: max.telegramId, botId: 77, result: { ok: true, username: max.xUser.username } });
    expect(await users.xAccountOf(max.telegramId)).toMatchObject({ xUserId: max.xUser.id, method: 'oauth' });

    const replay = await users.finishOAuthLink(back.searchParams.get('state')!, back.searchParams.get('code')!, hop.browser);
    expect(replay).toMatchObject({ telegramId: null, result: { ok: false, reason: 'expired' } });
  });

  it("refuses a link finished in another browser than the one that opened it, and says whose it was", async () => {
    const ray = await member('ray');
    const sue = await member('sue');
    const start = await users.startOAuthLink(ray.telegramId, { botId: 77 });
    const hop = await firstHop(start!.url);
    // Opened again in another browser (no nonce, or another one): the first browser keeps the link.
    const state = new URL(start!.url).searchParams.get('state')!;
    expect(await users.enterOAuthLink(state)).toMatchObject({ ok: false, reason: 'other_browser', message: expect.stringMatching(/already opened in another browser/) });
    expect(await users.enterOAuthLink(state, hop.browser)).toMatchObject({ ok: true, browser: hop.browser });
    fake.approveNextAuthorization(sue.xUser.id);
    const back = await fake.followAuthorize(hop.authorizeUrl);
    const told: unknown[] = [];
    const done = await users.finishOAuthLink(state, back.searchParams.get('code')!, undefined, async (_tx, to, result) => void told.push({ to, result }));
    expect(done).toMatchObject({ telegramId: ray.telegramId, botId: 77, result: { ok: false, reason: 'other_browser' } });
    expect(told).toEqual([{ to: { telegramId: ray.telegramId, botId: 77 }, result: expect.objectContaining({ reason: 'other_browser' }) }]);
    expect(await users.xAccountOf(ray.telegramId)).toBeNull();
    // The refusal spent the link: the right browser cannot use the same callback afterwards.
    expect(await users.finishOAuthLink(state, back.searchParams.get('code')!, hop.browser)).toMatchObject({ result: { ok: false, reason: 'expired' } });
  });

  it('refuses an OAuth link of an account another member holds', async () => {
    const ned = await member('ned');
    const oli = await member('oli');
    await users.linkXAccount(ned.telegramId, ned.xUser, 'bio');
    const start = await users.startOAuthLink(oli.telegramId);
    const hop = await firstHop(start!.url);
    const url = new URL(hop.authorizeUrl);
    url.searchParams.set('approve_as', ned.xUser.username);
    const back = await fake.followAuthorize(url.toString());
    const done = await users.finishOAuthLink(back.searchParams.get('state')!, back.searchParams.get('code')!, hop.browser);
    expect(done).toMatchObject({ telegramId: oli.telegramId, result: { ok: false, reason: 'taken' } });
    expect(await users.xAccountOf(oli.telegramId)).toBeNull();
  });

  it('offers no OAuth link without a client, and no linking at all without X', async () => {
    const pia = await member('pia');
    const bioOnly = makeUsers({ clientId: undefined, clientSecret: undefined });
    expect(await bioOnly.startOAuthLink(pia.telegramId)).toBeNull();
    const noX = makeUsers({}, false);
    expect(await noX.startOAuthLink(pia.telegramId)).toBeNull();
    await noX.startBioLink(pia.telegramId, pia.xUser.username);
    expect(await noX.checkBioLink(pia.telegramId)).toMatchObject({ ok: false, reason: 'not_configured' });
  });
});
