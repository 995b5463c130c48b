// A group's X feeds from the Mini App: the follows, mention terms and auto-raid an admin manages with
// /follow, /mentions and /autoraid, through the same service (so the same rules, limits and history), only
// for the group's admins, and 503 where X does not answer or is not configured at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { cid } from '../../../services/platform/telegram-ids.test-support.js';
import { groupWithBot } from './raids.test-support.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';

const errorOf = async (res: Response) => ({ status: res.status, ...(await json(res)).error });

describe('the X feeds routes of the Mini App API', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let ada: number, mia: number;
  let moon: number;

  beforeAll(async () => {
    // Two follows at most, so the limit shows without twenty accounts.
    t = await startTestPlatform({ env: { FEEDS_MAX_FOLLOWS_PER_GROUP: '2', TELEGRAM_MEMBER_CACHE_MS: '0' } });
    api = apiClient(t);
    ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_feeds' }).id;
    mia = t.emulator.createUser({ firstName: 'Mia', username: 'mia_feeds' }).id;
    moon = await groupWithBot(t, 'Moon Feeds', ada, [mia]);
    t.x.createUser({ username: 'moon_hq', name: 'Moon HQ', createdAt: new Date('2019-05-01'), followers: 90_000 });
    t.x.createUser({ username: 'moon_dev', name: 'Moon Dev', createdAt: new Date('2019-05-01'), followers: 1_000 });
    t.x.createUser({ username: 'moon_fan', name: 'Moon Fan', createdAt: new Date('2020-05-01'), followers: 100 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lets an admin follow an account, list it, change its options and unfollow it', async () => {
    const res = await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: '@moon_hq', replies: true });
    expect(res.status).toBe(201);
    const { follow } = await json(res);
    expect(follow).toMatchObject({ username: 'moon_hq', name: 'Moon HQ', replies: true, reposts: false, lastPostAt: null, unavailable: false });
    expect(follow.intervalMs).toBeGreaterThan(0);
    expect(Date.parse(follow.nextPollAt)).not.toBeNaN();

    const listed = await json(await api.as(ada, 'GET', `/groups/${moon}/follows`));
    expect(listed.follows).toEqual([follow]);
    // The same service state the bot's /follows reads.
    expect((await t.platform.feeds!.follows(cid(moon))).map((f) => f.username)).toEqual(['moon_hq']);

    // Following again changes the options: 200, still one follow.
    const again = await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: 'MOON_HQ', reposts: true });
    expect(again.status).toBe(200);
    expect((await json(again)).follow).toMatchObject({ username: 'moon_hq', replies: false, reposts: true });

    expect((await api.as(ada, 'DELETE', `/groups/${moon}/follows/moon_hq`)).status).toBe(204);
    expect(await t.platform.feeds!.follows(cid(moon))).toEqual([]);
    expect(await errorOf(await api.as(ada, 'DELETE', `/groups/${moon}/follows/moon_hq`))).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refuses a bad handle naming the field, an account X does not have, and a follow over the limit', async () => {
    expect(await errorOf(await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: 'not a handle!' }))).toMatchObject({ status: 400, code: 'invalid_request', field: 'body.handle' });
    expect(await errorOf(await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: 'nobody_here' }))).toMatchObject({ status: 404, code: 'not_found', message: expect.stringContaining('@nobody_here') });

    for (const handle of ['moon_hq', 'moon_dev']) expect((await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle })).status).toBe(201);
    expect(await errorOf(await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: 'moon_fan' }))).toMatchObject({ status: 409, code: 'limit', message: expect.stringContaining('2') });
    for (const handle of ['moon_hq', 'moon_dev']) expect((await api.as(ada, 'DELETE', `/groups/${moon}/follows/${handle}`)).status).toBe(204);
  });

  it('answers 503 x_unavailable when X does not answer the look-up', async () => {
    t.x.injectFault({ endpoint: 'GET /2/users/by/username/:username', status: 503, times: 1 });
    expect(await errorOf(await api.as(ada, 'POST', `/groups/${moon}/follows`, { handle: 'moon_fan' }))).toMatchObject({ status: 503, code: 'x_unavailable' });
    expect(await t.platform.feeds!.follows(cid(moon))).toEqual([]);
  });

  it('adds, lists and removes mention terms, and refuses a term with the reason why', async () => {
    const added = await api.as(ada, 'POST', `/groups/${moon}/mentions`, { term: '$war' });
    expect(added.status).toBe(201);
    expect((await json(added)).term).toMatchObject({ term: '$war', kind: 'cashtag', label: '$WAR' });
    expect((await api.as(ada, 'POST', `/groups/${moon}/mentions`, { term: '$WAR' })).status).toBe(200);
    expect((await api.as(ada, 'POST', `/groups/${moon}/mentions`, { term: '"raid now"' })).status).toBe(201);

    const { terms } = await json(await api.as(ada, 'GET', `/groups/${moon}/mentions`));
    expect(terms.map((x: { label: string }) => x.label)).toEqual(['$WAR', '"raid now"']);
    expect((await t.platform.feeds!.mentionTerms(cid(moon))).map((x) => x.term)).toEqual(['$war', '"raid now"']);

    const refused = await errorOf(await api.as(ada, 'POST', `/groups/${moon}/mentions`, { term: 'lang:en' }));
    expect(refused).toMatchObject({ status: 400, code: 'bad_term', field: 'body.term', message: expect.stringMatching(/^term: Operators like lang: are not terms/) });

    expect((await api.as(ada, 'DELETE', `/groups/${moon}/mentions/${encodeURIComponent('"raid now"')}`)).status).toBe(204);
    expect(await errorOf(await api.as(ada, 'DELETE', `/groups/${moon}/mentions/${encodeURIComponent('"raid now"')}`))).toMatchObject({ status: 404, code: 'not_found' });
    expect((await t.platform.feeds!.mentionTerms(cid(moon))).map((x) => x.term)).toEqual(['$war']);
  });

  it('switches the auto-raid on, changes it, reads it and switches it off, with /raid\'s bounds', async () => {
    expect(await json(await api.as(ada, 'GET', `/groups/${moon}/auto-raid`))).toEqual({ autoRaid: null });
    const put = (body: unknown) => api.as(ada, 'PUT', `/groups/${moon}/auto-raid`, body);

    expect(await errorOf(await put({ handle: 'moon_hq', targets: { likes: 100_001 } }))).toMatchObject({ status: 400, field: 'body.targets.likes' });
    expect(await errorOf(await put({ handle: 'moon_hq', targets: { likes: 0 } }))).toMatchObject({ status: 400, code: 'no_target', field: 'body.targets' });
    expect(await errorOf(await put({ handle: 'moon_hq', targets: { likes: 5 }, durationMinutes: 1 }))).toMatchObject({ status: 400, field: 'body.durationMinutes' });
    expect(await errorOf(await put({ handle: 'nobody_here', targets: { likes: 5 } }))).toMatchObject({ status: 404, code: 'not_found' });

    const on = await put({ handle: '@moon_hq', targets: { likes: 20, replies: 10 }, durationMinutes: 45, lock: true, onNewer: 'replace' });
    expect(on.status).toBe(200);
    const { autoRaid } = await json(on);
    expect(autoRaid).toMatchObject({ username: 'moon_hq', targets: { replies: 10, reposts: 0, likes: 20, quotes: 0, bookmarks: 0 }, durationMinutes: 45, lock: true, replies: false, onNewer: 'replace', enabledBy: ada });
    expect(await json(await api.as(ada, 'GET', `/groups/${moon}/auto-raid`))).toEqual({ autoRaid });

    // Changed without the length: the group's default (30 minutes), as /autoraid does.
    const changed = await json(await put({ handle: 'moon_hq', targets: { reposts: 3 }, replies: true }));
    expect(changed.autoRaid).toMatchObject({ targets: { reposts: 3, likes: 0 }, durationMinutes: 30, lock: false, replies: true, onNewer: 'wait' });
    expect(await t.platform.feeds!.autoRaid(cid(moon))).toMatchObject({ username: 'moon_hq', durationMinutes: 30 });

    expect((await api.as(ada, 'DELETE', `/groups/${moon}/auto-raid`)).status).toBe(204);
    expect(await t.platform.feeds!.autoRaid(cid(moon))).toBeNull();
    // Off already: still 204.
    expect((await api.as(ada, 'DELETE', `/groups/${moon}/auto-raid`)).status).toBe(204);
  });

  it('refuses a member who is not an admin on every feeds route, changing nothing', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/groups/${moon}/follows`],
      ['POST', `/groups/${moon}/follows`, { handle: 'moon_fan' }],
      ['DELETE', `/groups/${moon}/follows/moon_fan`],
      ['GET', `/groups/${moon}/mentions`],
      ['POST', `/groups/${moon}/mentions`, { term: '#moon' }],
      ['DELETE', `/groups/${moon}/mentions/${encodeURIComponent('$war')}`],
      ['GET', `/groups/${moon}/auto-raid`],
      ['PUT', `/groups/${moon}/auto-raid`, { handle: 'moon_fan', targets: { likes: 1 } }],
      ['DELETE', `/groups/${moon}/auto-raid`],
    ];
    for (const [method, path, body] of routes) {
      const res = await api.as(mia, method, path, body);
      expect({ route: `${method} ${path}`, ...(await errorOf(res)) }).toMatchObject({ route: `${method} ${path}`, status: 403, code: 'not_admin' });
    }
    expect(await t.platform.feeds!.follows(cid(moon))).toEqual([]);
    expect((await t.platform.feeds!.mentionTerms(cid(moon))).map((x) => x.term)).toEqual(['$war']);
  });
});

describe('the X feeds routes without X', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ env: { X_BEARER_TOKEN: '', X_CLIENT_ID: '', X_CLIENT_SECRET: '' } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 503 feeds_off to an admin', async () => {
    const api = apiClient(t);
    const ada = t.emulator.createUser({ firstName: 'Ada' }).id;
    const chatId = await groupWithBot(t, 'No X Club', ada, []);
    await eventually(async () => (await t.platform.groups.get(cid(chatId)))?.active, 'the group');
    expect(t.platform.feeds).toBeNull();
    for (const [method, path, body] of [
      ['GET', `/groups/${chatId}/follows`],
      ['POST', `/groups/${chatId}/follows`, { handle: 'moon_hq' }],
      ['GET', `/groups/${chatId}/mentions`],
      ['PUT', `/groups/${chatId}/auto-raid`, { handle: 'moon_hq', targets: { likes: 1 } }],
    ] as Array<[string, string, unknown?]>) {
      expect({ route: path, ...(await errorOf(await api.as(ada, method, path, body))) }).toMatchObject({ route: path, status: 503, code: 'feeds_off' });
    }
  });
});
