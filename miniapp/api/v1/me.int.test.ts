// What a member sees of themselves in the Mini App: their groups and points after a raid, their verdicts
// with the reasons, one appeal, and which events they want in private. Against the Telegram emulator and
// the X fake, the raid validated by the platform itself (as test/e2e/raid-validation.test.ts does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeaderboards } from '../../../services/leaderboards/index.js';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('a member in the Mini App', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let groupId: number;
  let admin: number;
  let bo: number;
  let cy: number;
  let raidId: string;
  let postId: string;

  const botSays = (chat: number, pattern: RegExp) =>
    t.emulator.waitForMessage(chat, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? m.caption ?? ''), 30_000);
  const verdicts = async (userId: number, query = '') => json(await api.as(userId, 'GET', `/me/verdicts${query}`));

  beforeAll(async () => {
    t = await startTestPlatform();
    api = apiClient(t);
    admin = t.emulator.createUser({ firstName: 'Ada', username: 'ada_admin' }).id;
    bo = t.emulator.createUser({ firstName: 'Bo', username: 'bo_tg' }).id;
    cy = t.emulator.createUser({ firstName: 'Cy', username: 'cy_tg' }).id;
    groupId = t.emulator.createGroup({ title: 'Moon Raiders', type: 'supergroup', ownerId: admin, memberIds: [bo, cy] }).id;
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    await eventually(async () => (await t.platform.groups.get(cid(groupId)))?.active, 'the group to register');
    await eventually(async () => (await t.platform.groups.admins(cid(groupId))).some((a) => a.userId === admin), 'the admin list to sync');
    await t.emulator.startBot(admin, t.bot.id);
    for (const [tg, name] of [[bo, 'bo'], [cy, 'cy']] as const) {
      await t.platform.users.touch({ id: tg, first_name: name }, t.bot.id);
      const x = t.x.createUser({ username: `${name}_on_x`, createdAt: new Date('2021-03-01'), followers: 500 });
      expect(await t.platform.users.linkXAccount(uid(tg), x, 'oauth')).toMatchObject({ ok: true });
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  // The raid every case reads: Bo and Cy claim, only Bo replies (accepted, 4 points), Cy did nothing on X
  // (rejected: no engagement). The first case to need it runs it, once.
  let claimed: Promise<void> | undefined;
  let validated: Promise<void> | undefined;
  const raidClaimed = () => (claimed ??= claimRaid());
  const raidValidated = () => (validated ??= raidClaimed().then(finishRaid));

  async function claimRaid(): Promise<void> {
    const project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    const post = t.x.post(project, 'Staking is live. What do you think?');
    postId = post.id;
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=1 for=1h`);
    const card = await botSays(groupId, /RAID LIVE/);
    raidId = (await t.platform.raids.active(cid(groupId)))!.id;
    for (const member of [bo, cy]) {
      const pressed = await t.emulator.pressButton(member, groupId, card.message_id, `raid:claim:${raidId}`);
      expect(pressed.answer?.text).toMatch(/Claim recorded/);
    }
  }
  async function finishRaid(): Promise<void> {
    const boX = (await t.platform.users.xAccountOf(uid(bo)))!;
    t.x.reply({ id: boX.xUserId, username: boX.username }, postId, 'The staking dashboard looks clean and the APR is fair, count me in');
    await botSays(groupId, /validated/);
  }

  it('shows a claim as pending until the raid is validated', async () => {
    await raidClaimed();
    if (validated) return; // another case already finished the raid
    const page = await verdicts(bo);
    expect(page.items[0]).toMatchObject({ raidId, chatId: groupId, groupTitle: 'Moon Raiders', verdict: 'pending', reasons: [], appeal: { state: 'none', possible: false } });
  });

  it('lists the groups a member raided in with their points, the same numbers as the group’s leaderboard', async () => {
    await raidValidated();
    const me = await json(await api.as(bo, 'GET', '/me'));
    expect(me.groups).toEqual([{ chatId: groupId, title: 'Moon Raiders', role: 'member', points: { week: 4, all: 4 } }]);
    const boards = createLeaderboards({ points: t.platform.validation, messages: t.platform.analytics, users: t.platform.users });
    for (const period of ['week', 'all'] as const) {
      const board = await boards.board(cid(groupId), 'points', { period, at: new Date(), limit: 10 });
      expect(board.rows.find((r) => r.telegramUserId === bo)?.score).toBe(me.groups[0].points[period]);
    }
    // Rejected: a member all the same, with no points.
    expect((await json(await api.as(cy, 'GET', '/me'))).groups).toEqual([{ chatId: groupId, title: 'Moon Raiders', role: 'member', points: { week: 0, all: 0 } }]);
  });

  it('shows the admin their group as admin, and a member who only wrote in it once their message is counted', async () => {
    expect((await json(await api.as(admin, 'GET', '/me'))).groups).toEqual([expect.objectContaining({ chatId: groupId, role: 'admin' })]);
    const eve = t.emulator.createUser({ firstName: 'Eve' }).id;
    t.emulator.addMember(groupId, eve);
    expect((await json(await api.as(eve, 'GET', '/me'))).groups).toEqual([]);
    t.emulator.sendMessage(eve, groupId, 'gm everyone');
    await eventually(async () => {
      await t.platform.analytics.flushActivity();
      return (await json(await api.as(eve, 'GET', '/me'))).groups.length > 0;
    }, 'Eve’s message to be counted');
    expect((await json(await api.as(eve, 'GET', '/me'))).groups).toEqual([{ chatId: groupId, title: 'Moon Raiders', role: 'member', points: { week: 0, all: 0 } }]);
  });

  it('gives each member their verdict with each action and the reasons', async () => {
    await raidValidated();
    const boPage = await verdicts(bo);
    expect(boPage.nextCursor).toBeNull();
    expect(boPage.items).toHaveLength(1);
    expect(boPage.items[0]).toMatchObject({
      raidId, chatId: groupId, groupTitle: 'Moon Raiders', postUrl: expect.stringContaining('/status/'), xUsername: 'bo_on_x',
      verdict: 'accepted', points: 4, reasons: [], appeal: { state: 'none', possible: false },
    });
    expect(boPage.items[0].actions).toContainEqual(expect.objectContaining({ action: 'reply', requested: true, status: 'verified' }));

    const cyPage = await verdicts(cy);
    expect(cyPage.items[0]).toMatchObject({ raidId, verdict: 'rejected', points: 0, appeal: { state: 'none', possible: true } });
    expect(cyPage.items[0].reasons).toContainEqual(expect.objectContaining({ rule: 'no_engagement', severity: 'reject', reason: expect.stringMatching(/no engagement/i) }));
    expect(cyPage.items[0].actions).toContainEqual(expect.objectContaining({ action: 'reply', requested: true, status: 'not_found' }));
  });

  it('lets a rejected member appeal once, and tells the admins in the group', async () => {
    await raidValidated();
    const tooLong = await api.as(cy, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: 'x'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect((await json(tooLong)).error).toMatchObject({ code: 'invalid_request', field: 'body.reason' });
    expect((await json(await api.as(cy, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: '   ' }))).error.field).toBe('body.reason');

    const res = await api.as(cy, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: 'I replied from my phone, X must have lagged' });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ raidId, verdict: 'rejected', appeal: { state: 'pending', possible: false, text: 'I replied from my phone, X must have lagged' } });
    await botSays(groupId, /appeal/i);
    expect((await verdicts(cy)).items[0].appeal).toMatchObject({ state: 'pending', possible: false, appealedAt: expect.any(String) });

    const again = await api.as(cy, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: 'once more' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('already_appealed');
    const accepted = await api.as(bo, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: 'more points please' });
    expect(accepted.status).toBe(409);
    expect((await json(accepted)).error.code).toBe('not_rejected');
    expect((await api.as(admin, 'POST', `/me/verdicts/${raidId}/appeal`, { reason: 'not mine' })).status).toBe(404);
  });

  it('refuses a cursor the list did not give', async () => {
    const res = await api.as(bo, 'GET', '/me/verdicts?cursor=bm9wZQ');
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_request', field: 'query.cursor' });
    expect((await json(await api.as(bo, 'GET', '/me/verdicts?limit=0'))).error.field).toBe('query.limit');
  });

  it('pages a member’s claims newest first, a raid still running shown as pending, a cancelled one as cancelled', async () => {
    await raidValidated();
    const project = t.x.createUser({ username: 'sunproject', createdAt: new Date('2019-05-01'), followers: 9_000 });
    const post = t.x.post(project, 'Season two starts today');
    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=50 for=1h`);
    const card = await botSays(groupId, /RAID LIVE[\s\S]*sunproject|sunproject[\s\S]*RAID LIVE/);
    const second = (await t.platform.raids.active(cid(groupId)))!.id;
    expect((await t.emulator.pressButton(bo, groupId, card.message_id, `raid:claim:${second}`)).answer?.text).toMatch(/Claim recorded/);

    const first = await verdicts(bo, '?limit=1');
    expect(first.items.map((v: { raidId: string; verdict: string }) => [v.raidId, v.verdict])).toEqual([[second, 'pending']]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const next = await verdicts(bo, `?limit=1&cursor=${first.nextCursor}`);
    expect(next.items.map((v: { raidId: string; verdict: string }) => [v.raidId, v.verdict])).toEqual([[raidId, 'accepted']]);
    expect(next.nextCursor).toBeNull();

    // An admin cancels the running raid: its claim is no longer waiting for a verdict that will never come.
    expect(await t.platform.raids.cancel(second, uid(admin))).toMatchObject({ status: 'cancelled' });
    expect((await verdicts(bo, '?limit=1')).items[0]).toMatchObject({ raidId: second, verdict: 'cancelled', points: 0, appeal: { possible: false } });
  });

  it('keeps notification choices in the database: defaults first, a partial change keeps the rest', async () => {
    const dee = t.emulator.createUser({ firstName: 'Dee' }).id;
    expect(await json(await api.as(dee, 'GET', '/me/notifications'))).toEqual({ raidStarted: false, verdicts: true, rewards: true, groupNews: false });
    const put = await api.as(dee, 'PUT', '/me/notifications', { raidStarted: true, rewards: false });
    expect(put.status).toBe(200);
    expect(await json(put)).toEqual({ raidStarted: true, verdicts: true, rewards: false, groupNews: false });
    expect(await json(await api.as(dee, 'PUT', '/me/notifications', { groupNews: true }))).toEqual({ raidStarted: true, verdicts: true, rewards: false, groupNews: true });
    // A fresh request reads them back from Postgres (nothing in the API process keeps them).
    expect(await json(await api.as(dee, 'GET', '/me/notifications'))).toEqual({ raidStarted: true, verdicts: true, rewards: false, groupNews: true });
    const rows = await t.platform.db.query(`SELECT notification_prefs FROM users.users WHERE telegram_id = $1`, [dee]);
    expect(rows[0].notification_prefs).toEqual({ raidStarted: true, rewards: false, groupNews: true });
    // Another member's choices are theirs.
    expect((await json(await api.as(bo, 'GET', '/me/notifications'))).raidStarted).toBe(false);

    const events = await t.platform.history.list({ subjectKind: 'user', subjectId: String(dee) });
    expect(events.filter((e) => e.action === 'user.notifications_changed').map((e) => e.data)).toEqual([
      { changed: { groupNews: true } },
      { changed: { raidStarted: true, rewards: false } },
    ]);
  });

  it.each([
    ['an unknown key', { raidStarted: true, smsAlerts: true }, 'body.smsAlerts'],
    ['a value that is not a boolean', { verdicts: 'yes' }, 'body.verdicts'],
    ['a body that is not an object', [true], 'body'],
  ])('refuses %s with 400 naming the field', async (_what, body, field) => {
    const res = await api.as(bo, 'PUT', '/me/notifications', body);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code: 'invalid_request', field });
  });
});
