// The admin's side of the Mini App: the groups they run, a group's dashboard, its settings (changed as
// /set changes them), its boards and its trail. Only the group's admins see any of it, and a change asks
// Telegram whether the caller is still an admin at that moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETTING_KEYS } from '../../../services/groups/index.js';
import { insertClaims, insertRaid } from '../../../services/raids/raids.test-support.js';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('the group routes of the Mini App API', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let olga: number, adam: number, max: number, bea: number;
  let moon: number, other: number;
  let post: { id: string; url: string };
  let seen = 0;

  /** The bot's next message in Moon Club matching `pattern` (after the last one a test read). */
  async function botSays(pattern: RegExp) {
    const m = await t.emulator.waitForMessage(moon, (x) => x.from?.id === t.bot.id && pattern.test(x.text ?? ''), 20_000, { afterMessageId: seen });
    seen = m.message_id;
    return m;
  }
  const registered = (chatId: number) => eventually(async () => (await t.platform.groups.get(cid(chatId)))?.active, `group ${chatId} to register`);
  const patch = (userId: number, chatId: number, body: unknown) => api.as(userId, 'PATCH', `/groups/${chatId}/settings`, body);

  beforeAll(async () => {
    // Answers of getChatMember are not reused: each change below shows the check itself.
    t = await startTestPlatform({ env: { TELEGRAM_MEMBER_CACHE_MS: '0' } });
    api = apiClient(t);
    olga = t.emulator.createUser({ firstName: 'Olga', username: 'olga_moon' }).id;
    adam = t.emulator.createUser({ firstName: 'Adam', username: 'adam_moon' }).id;
    max = t.emulator.createUser({ firstName: 'Max', username: 'max_moon' }).id;
    bea = t.emulator.createUser({ firstName: 'Bea', username: 'bea_other' }).id;
    moon = t.emulator.createGroup({ title: 'Moon Club', type: 'supergroup', ownerId: olga, memberIds: [adam, max] }).id;
    t.emulator.promote(moon, adam, olga);
    // An admin bot sees every message, so the messages board has something to count.
    t.emulator.addBotToGroup(moon, t.bot.id, olga, { admin: true });
    other = t.emulator.createGroup({ title: 'Other Club', type: 'supergroup', ownerId: bea }).id;
    t.emulator.addBotToGroup(other, t.bot.id, bea, { admin: true });
    await registered(moon);
    await registered(other);
    const project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    post = t.x.post(project, 'Moon launch', { at: new Date(Date.now() - 2 * 3_600_000) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists the groups an admin runs, with the raid running in each, and nobody else\'s', async () => {
    t.emulator.sendMessage(adam, moon, `/raid ${post.url} replies=5 for=30m`);
    const raid = await eventually(() => t.platform.raids.active(cid(moon)), 'the raid to launch');

    const res = await api.as(adam, 'GET', '/groups');
    expect(res.status).toBe(200);
    expect((await json(res)).groups).toEqual([
      {
        chatId: moon,
        title: 'Moon Club',
        activeRaid: { id: raid.id, endsAt: raid.endsAt.toISOString(), targets: expect.objectContaining({ replies: 5 }), progress: expect.objectContaining({ replies: expect.any(Number) }) },
      },
    ]);
    expect((await json(await api.as(bea, 'GET', '/groups'))).groups.map((g: { chatId: number }) => g.chatId)).toEqual([other]);
    expect((await json(await api.as(max, 'GET', '/groups'))).groups).toEqual([]);
  });

  it('opens a group\'s dashboard: the running raid, the last raids with their claims, this week\'s top members', async () => {
    // A raid that ended a while ago with one good claim, validated: Max earns points this week.
    const maxX = t.x.createUser({ username: 'max_on_x', createdAt: new Date('2020-01-01'), followers: 500 });
    await t.platform.users.touch({ id: max, first_name: 'Max', username: 'max_moon' }, t.bot.id);
    expect(await t.platform.users.linkXAccount(uid(max), maxX, 'oauth')).toMatchObject({ ok: true });
    const now = Date.now();
    const older = t.x.post(t.x.createUser({ username: 'oldproject', createdAt: new Date('2019-01-01'), followers: 1000 }), 'Older launch', { at: new Date(now - 3 * 3_600_000) });
    const ended = await insertRaid(t.platform.db, { chatId: moon, botId: t.bot.id, postId: older.id, startedAt: new Date(now - 3_600_000), endsAt: new Date(now - 600_000), targets: { replies: 5, reposts: 0 } });
    await insertClaims(t.platform.db, ended, [{ telegramUserId: max, xUserId: maxX.id, xUsername: maxX.username, claimedAt: new Date(now - 3_000_000) }]);
    t.x.reply(maxX, older.id, 'The older launch was a good one, congrats to the whole team', { at: new Date(now - 2_400_000) });
    await t.platform.validation!.run(ended);
    expect((await t.platform.validation!.outcomeFor(ended, uid(max)))?.verdict).toBe('accepted');

    const res = await api.as(adam, 'GET', `/groups/${moon}`);
    expect(res.status).toBe(200);
    const dashboard = await json(res);
    const active = (await t.platform.raids.active(cid(moon)))!;
    expect(dashboard.group).toEqual({ chatId: moon, title: 'Moon Club' });
    expect(dashboard.activeRaid).toMatchObject({ id: active.id, status: 'active', postUrl: post.url, claimCount: 0, targets: { replies: 5 }, startedAt: active.startedAt.toISOString() });
    expect(dashboard.recentRaids).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: active.id, status: 'active', endedAt: null, claimCount: 0 }),
        expect.objectContaining({ id: ended, status: 'validated', claimCount: 1 }),
      ]),
    );
    expect(dashboard.topMembers).toEqual([{ rank: 1, userId: max, name: 'Max', points: expect.any(Number) }]);
    expect(dashboard.topMembers[0].points).toBeGreaterThan(0);
  });

  const adminRoutes = (chatId: number): Array<[string, string, unknown?]> => [
    ['GET', `/groups/${chatId}`],
    ['GET', `/groups/${chatId}/settings`],
    ['PATCH', `/groups/${chatId}/settings`, { key: 'points.reply', value: '9' }],
    ['GET', `/groups/${chatId}/leaderboards?board=points&period=all`],
    ['GET', `/groups/${chatId}/leaderboards.csv`],
    ['GET', `/groups/${chatId}/history`],
  ];

  it('refuses a member who is not an admin on every admin route, with 403 not_admin', async () => {
    for (const [method, path, body] of adminRoutes(moon)) {
      const res = await api.as(max, method, path, body);
      expect({ path: `${method} ${path}`, status: res.status, code: (await json(res)).error?.code }).toEqual({ path: `${method} ${path}`, status: 403, code: 'not_admin' });
    }
    expect((await t.platform.groups.settings(cid(moon)))?.points.reply).toBe(4);
  });

  it('refuses an admin of one group on another group\'s routes, whatever ids the request carries', async () => {
    for (const [method, path, body] of adminRoutes(moon)) {
      const sep = path.includes('?') ? '&' : '?';
      // Bea runs Other Club; the chat id in the path is what counts, not one slipped into the query or body.
      const res = await api.as(bea, method, `${path}${sep}chatId=${other}&userId=${olga}`, body && { ...(body as object), chatId: other, userId: olga });
      expect({ path: `${method} ${path}`, status: res.status, code: (await json(res)).error?.code }).toEqual({ path: `${method} ${path}`, status: 403, code: 'not_admin' });
    }
    // Adam is refused Other Club, and a group nobody registered answers the same as someone else's.
    for (const chatId of [other, -100999000111]) {
      const res = await api.as(adam, 'GET', `/groups/${chatId}/settings`);
      expect([res.status, (await json(res)).error.code]).toEqual([403, 'not_admin']);
    }
    expect((await t.platform.groups.settings(cid(moon)))?.points.reply).toBe(4);
  });

  it('shows every setting with its value, bounds or options, section and help', async () => {
    const res = await api.as(adam, 'GET', `/groups/${moon}/settings`);
    expect(res.status).toBe(200);
    const { settings } = await json(res);
    const byKey = new Map(settings.map((s: { key: string }) => [s.key, s]));
    expect([...byKey.keys()]).toEqual(Object.keys(SETTING_KEYS));
    expect(byKey.get('raid.duration')).toEqual({ key: 'raid.duration', section: 'raid', kind: 'duration', value: 30, text: '30m', min: 5, max: 7 * 24 * 60, help: expect.stringContaining('5m to 7d') });
    expect(byKey.get('raid.lock')).toMatchObject({ section: 'raid', kind: 'bool', value: false, text: 'off' });
    expect(byKey.get('points.reply')).toMatchObject({ section: 'points', kind: 'int', value: 4, text: '4', min: 0, max: 1000 });
    expect(byKey.get('antifraud.max_claims_per_hour')).toMatchObject({ section: 'antifraud', min: 1, max: 1000 });
    expect(byKey.get('antifraud.self_report_only')).toMatchObject({ kind: 'enum', value: 'flag', options: ['flag', 'reject'] });
    expect(byKey.get('rewards.token')).toMatchObject({ section: 'rewards', kind: 'token', value: null, text: 'none' });
  });

  it('changes a setting as /set does, and /settings in the group then shows the new value', async () => {
    let res = await patch(adam, moon, { key: 'points.reply', value: '7' });
    expect(res.status).toBe(200);
    expect((await json(res)).setting).toMatchObject({ key: 'points.reply', section: 'points', kind: 'int', value: 7, text: '7', min: 0, max: 1000 });
    res = await patch(adam, moon, { key: 'raid.duration', value: '2h' });
    expect((await json(res)).setting).toMatchObject({ key: 'raid.duration', value: 120, text: '2h' });

    t.emulator.sendMessage(adam, moon, '/settings');
    const card = await botSays(/Settings of Moon Club/);
    expect(card.text).toContain('reply 7, repost 5');
    expect(card.text).toContain('2h by default');
  });

  it('refuses a bad body with 400 naming the field, and a value /set would refuse with its words', async () => {
    const cases: Array<[unknown, string, string, RegExp?]> = [
      [{ value: '7' }, 'invalid_request', 'body.key'],
      [{ key: 'points.nope', value: '7' }, 'invalid_request', 'body.key'],
      [{ key: 'points.reply', value: 7 }, 'invalid_request', 'body.value'],
      [{ key: 'points.reply' }, 'invalid_request', 'body.value'],
      [{ key: 'points.reply', value: '5000' }, 'bad_setting', 'body.value', /points\.reply is out of range/],
      [{ key: 'points.reply', value: 'lots' }, 'bad_setting', 'body.value', /expects a whole number/],
      [{ key: 'raid.duration', value: '1m' }, 'bad_setting', 'body.value', /must be from 5m to 7d/],
      [{ key: 'raid.duration', value: '45' }, 'bad_setting', 'body.value', /needs a unit: 45m, 45h or 45d/],
    ];
    for (const [body, code, field, message] of cases) {
      const res = await patch(adam, moon, body);
      const error = (await json(res)).error;
      expect({ body, status: res.status, code: error.code, field: error.field }).toEqual({ body, status: 400, code, field });
      if (message) expect(error.message).toMatch(message);
    }
    expect((await t.platform.groups.settings(cid(moon)))?.points.reply).toBe(7);
  });

  it('refuses a change from an admin demoted a moment ago, though the synced list has not heard of it', async () => {
    // The bot is a plain member here: Telegram tells it nothing of the demotion.
    const cleo = t.emulator.createUser({ firstName: 'Cleo', username: 'cleo_quiet' }).id;
    const quiet = t.emulator.createGroup({ title: 'Quiet Club', type: 'supergroup', ownerId: olga, memberIds: [cleo] }).id;
    t.emulator.promote(quiet, cleo, olga);
    t.emulator.addBotToGroup(quiet, t.bot.id, olga);
    await registered(quiet);
    expect((await patch(cleo, quiet, { key: 'points.like', value: '2' })).status).toBe(200);

    t.emulator.demote(quiet, cleo, olga);
    expect((await t.platform.groups.admins(cid(quiet))).map((a) => a.userId)).toContain(cleo);
    const res = await patch(cleo, quiet, { key: 'points.like', value: '9' });
    expect([res.status, (await json(res)).error.code]).toEqual([403, 'not_admin']);
    expect((await t.platform.groups.settings(cid(quiet)))?.points.like).toBe(2);
    // The check put the synced list right, so the views refuse her too.
    expect((await api.as(cleo, 'GET', `/groups/${quiet}/settings`)).status).toBe(403);
  });

  it('answers the boards as /leaderboard ranks them, and the points file as /export sends it', async () => {
    t.emulator.sendMessage(max, moon, 'gm moon club');
    const messages = await eventually(async () => {
      const body = await json(await api.as(adam, 'GET', `/groups/${moon}/leaderboards?board=messages&period=week`));
      return body.rows?.some((r: { userId: number }) => r.userId === max) && body;
    }, 'the message to be counted');
    expect(messages).toMatchObject({ board: 'messages', period: 'week', since: expect.any(String) });
    expect(messages.rows.find((r: { userId: number }) => r.userId === max)).toMatchObject({ name: 'Max', username: 'max_moon', value: expect.any(Number) });

    const res = await api.as(adam, 'GET', `/groups/${moon}/leaderboards?board=points&period=all&limit=5`);
    expect(res.status).toBe(200);
    const points = await json(res);
    expect(points).toEqual({ board: 'points', period: 'all', rows: [{ rank: 1, userId: max, name: 'Max', username: 'max_moon', value: expect.any(Number) }] });

    const csv = await api.as(adam, 'GET', `/groups/${moon}/leaderboards.csv?period=all`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="leaderboard-moon-club-all-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,telegram_user_id,username,points');
    expect(lines[1]).toBe(`1,${max},max_moon,${points.rows[0].value}`);

    const bad = await api.as(adam, 'GET', `/groups/${moon}/leaderboards?board=karma`);
    expect([bad.status, (await json(bad)).error.field]).toEqual([400, 'query.board']);
  });

  it('lists the group\'s trail newest first, a page at a time, each change with its seal, who made it, and the chain checked', async () => {
    expect((await patch(adam, moon, { key: 'points.quote', value: '6' })).status).toBe(200);
    expect((await patch(adam, moon, { key: 'rewards.token', value: 'USDT' })).status).toBe(200);
    expect(await t.platform.history.sealThrough(10_000)).toEqual({ unsealed: 0 });

    const first = await json(await api.as(adam, 'GET', `/groups/${moon}/history?limit=1`));
    expect(first.events).toEqual([
      {
        id: expect.any(String), seq: expect.stringMatching(/^\d+$/), sealed: true, at: expect.any(String), action: 'group.settings_changed',
        actor: { kind: 'admin', id: String(adam), name: 'Adam' }, subject: { kind: 'group', id: String(moon) }, data: { key: 'rewards.token', value: 'USDT' },
      },
    ]);
    expect(first.chain).toEqual({ status: 'verified', checkedThrough: first.events[0].seq });
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await json(await api.as(adam, 'GET', `/groups/${moon}/history?limit=1&cursor=${first.nextCursor}`));
    expect(second.events.map((e: { data: unknown }) => e.data)).toEqual([{ key: 'points.quote', value: 6 }]);
    expect(Number(second.events[0].id)).toBeLessThan(Number(first.events[0].id));
    expect(second.chain.status).toBe('verified');

    // The whole trail ends: the last page has no cursor, and its events are the group's from the start.
    const all = await json(await api.as(adam, 'GET', `/groups/${moon}/history?limit=100`));
    expect(all.nextCursor).toBeNull();
    expect(all.events.at(-1).action).toBe('group.registered');
    for (const e of all.events) expect(e.sealed).toBe(e.seq !== null);

    const bad = await api.as(adam, 'GET', `/groups/${moon}/history?cursor=not-a-cursor`);
    expect([bad.status, (await json(bad)).error.field]).toEqual([400, 'query.cursor']);
  });
});
