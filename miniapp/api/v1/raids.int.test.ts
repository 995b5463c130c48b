// Raids from the Mini App, as an admin runs them: launched with the /raid rules, followed live, ended; and
// nobody but the group's admins (as Telegram says now, for a change) may see or touch them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../../../test/support/platform.js';
import { apiClient, json, type ApiClient } from './api.test-support.js';
import { claim, groupWithBot, linkedMember, raidCard, type LinkedMember } from './raids.test-support.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

describe('raids in the Mini App', () => {
  let t: TestPlatform;
  let api: ApiClient;
  let ada: number;
  let bob: number;
  let mia: LinkedMember;
  let leo: LinkedMember;
  let project: { id: string; username: string };

  beforeAll(async () => {
    t = await startTestPlatform();
    api = apiClient(t);
    ada = t.emulator.createUser({ firstName: 'Ada', username: 'ada_admin' }).id;
    bob = t.emulator.createUser({ firstName: 'Bob', username: 'bob_admin' }).id;
    mia = await linkedMember(t, 'mia');
    leo = await linkedMember(t, 'leo');
    project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** Each case has a group of its own (Ada's), with Mia and Leo in it, and a fresh post to raid. */
  async function adasGroup(): Promise<{ chatId: number; post: { id: string; url: string } }> {
    const chatId = await groupWithBot(t, 'Moon Raiders', ada, [mia.tg, leo.tg]);
    return { chatId, post: t.x.post(project, 'We just shipped v2 🚀 tell us what you think') };
  }
  const launch = async (chatId: number, body: Record<string, unknown>) => {
    const res = await api.as(ada, 'POST', `/groups/${chatId}/raids`, body);
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    return (await json(res)).raid as { id: string };
  };

  it('launches a locked raid from the app: its card appears in the group and the chat is locked', async () => {
    const { chatId, post } = await adasGroup();
    const res = await api.as(ada, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 3, reposts: 2 }, durationMinutes: 30, lock: true });
    expect(res.status).toBe(201);
    const { raid } = await json(res);
    expect(raid).toMatchObject({
      status: 'active', chatId, postUrl: post.url, postText: 'We just shipped v2 🚀 tell us what you think',
      targets: { replies: 3, reposts: 2, likes: 0, quotes: 0, bookmarks: 0 }, progress: { replies: 0, reposts: 0 },
      lock: { requested: true, applied: true, note: null }, claimCount: 0, pool: null,
    });
    expect(raid.timeLeftS).toBeGreaterThan(29 * 60);
    expect(new Date(raid.endsAt).getTime() - new Date(raid.startedAt).getTime()).toBe(30 * 60_000);
    const card = await raidCard(t, chatId, raid.id);
    expect(card.text).toContain('💬 Replies ░░░░░░░░░░ 0/3');
    expect(card.text).toContain('🔒 Chat locked');
    await eventually(() => t.emulator.chat(chatId).permissions.can_send_messages === false, 'the chat to be locked');
    expect(() => t.emulator.sendMessage(mia.tg, chatId, 'gm')).toThrow(/can't send messages/);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ launchedBy: ada, lockApplied: true });
  });

  it('shows progress rising as members engage on X, and counts their claims', async () => {
    const { chatId, post } = await adasGroup();
    const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 5, reposts: 5 } });
    t.x.reply(mia.x, post.id, 'Huge release, the new dashboard is clean');
    t.x.repost(leo.x, post.id);
    const view = await eventually(async () => {
      const body = await json(await api.as(ada, 'GET', `/raids/${raid.id}`));
      return body.progress.replies === 1 && body.progress.reposts === 1 ? body : undefined;
    }, 'the raid view to show the reply and the repost');
    expect(view.status).toBe('active');
    await claim(t, chatId, raid.id, mia);
    await claim(t, chatId, raid.id, leo);
    expect(await json(await api.as(ada, 'GET', `/raids/${raid.id}`))).toMatchObject({ claimCount: 2 });
  });

  it('ends a raid as the card would, once: a second end is refused', async () => {
    const { chatId, post } = await adasGroup();
    const raid = await launch(chatId, { postUrl: post.url, targets: { likes: 50 }, lock: true });
    await eventually(() => t.emulator.chat(chatId).permissions.can_send_messages === false, 'the chat to be locked');
    const res = await api.as(ada, 'POST', `/raids/${raid.id}/end`);
    expect(res.status).toBe(200);
    expect((await json(res)).raid).toMatchObject({ status: 'ended', endReason: 'admin', timeLeftS: 0 });
    await t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && /Raid over.*ended by an admin/s.test(m.text ?? ''), 20_000);
    await eventually(() => t.emulator.chat(chatId).permissions.can_send_messages !== false, 'the chat to unlock');
    const again = await api.as(ada, 'POST', `/raids/${raid.id}/end`, {});
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('raid_not_active');
  });

  it('lists the group’s raids newest first, a page at a time', async () => {
    const { chatId, post } = await adasGroup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 10 + i } });
      ids.push(raid.id);
      if (i < 2) expect((await api.as(ada, 'POST', `/raids/${raid.id}/end`)).status).toBe(200);
    }
    const first = await json(await api.as(ada, 'GET', `/groups/${chatId}/raids?limit=2`));
    expect(first.raids.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.raids[0]).toMatchObject({ status: 'active', targets: { replies: 12 }, endedAt: null, endReason: null, claimCount: 0 });
    expect(first.raids[1]).toMatchObject({ status: expect.stringMatching(/ended|validated/), endReason: 'admin', endedAt: expect.any(String) });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await json(await api.as(ada, 'GET', `/groups/${chatId}/raids?limit=2&cursor=${first.nextCursor}`));
    expect(second.raids.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
    const bad = await api.as(ada, 'GET', `/groups/${chatId}/raids?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.field).toBe('query.cursor');
  });

  it('takes the duration and the lock from the group’s settings when the form leaves them out', async () => {
    const { chatId, post } = await adasGroup();
    expect(await t.platform.groups.changeSetting(cid(chatId), uid(ada), 'raid.duration', '2h')).toMatchObject({ ok: true });
    expect(await t.platform.groups.changeSetting(cid(chatId), uid(ada), 'raid.lock', 'on')).toMatchObject({ ok: true });
    const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 1 } });
    const view = await json(await api.as(ada, 'GET', `/raids/${raid.id}`));
    expect(new Date(view.endsAt).getTime() - new Date(view.startedAt).getTime()).toBe(120 * 60_000);
    expect(view.lock.requested).toBe(true);
  });

  it('carries a reward pool given in the token’s smallest unit, exactly', async () => {
    const { chatId, post } = await adasGroup();
    const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 1 }, pool: { amount: '1500500000', token: 'usdt' } });
    expect(await json(await api.as(ada, 'GET', `/raids/${raid.id}`))).toMatchObject({ pool: { amount: '1500500000', decimals: 6, token: 'USDT' } });
    expect((await raidCard(t, chatId, raid.id)).text).toContain('1500.5 USDT');
  });

  it.each([
    ['a link that is not X', { postUrl: 'https://example.com/nope', targets: { replies: 1 } }, 'not_x', 'body.postUrl'],
    ['a profile rather than a post', { postUrl: 'https://x.com/moonproject', targets: { replies: 1 } }, 'not_a_single_post', 'body.postUrl'],
    ['no link', { targets: { replies: 1 } }, 'invalid_request', 'body.postUrl'],
    ['a negative target', { postUrl: 'https://x.com/a/status/1', targets: { likes: -1 } }, 'invalid_request', 'body.targets.likes'],
    ['a target over the maximum', { postUrl: 'https://x.com/a/status/1', targets: { replies: 100_001 } }, 'invalid_request', 'body.targets.replies'],
    ['a fractional target', { postUrl: 'https://x.com/a/status/1', targets: { quotes: 1.5 } }, 'invalid_request', 'body.targets.quotes'],
    ['no target above 0', { postUrl: 'https://x.com/a/status/1', targets: { replies: 0 } }, 'no_target', 'body.targets'],
    ['a raid of 2 minutes', { postUrl: 'https://x.com/a/status/1', targets: { replies: 1 }, durationMinutes: 2 }, 'invalid_request', 'body.durationMinutes'],
    ['a raid of a month', { postUrl: 'https://x.com/a/status/1', targets: { replies: 1 }, durationMinutes: 43_200 }, 'invalid_request', 'body.durationMinutes'],
    ['a lock that is not a boolean', { postUrl: 'https://x.com/a/status/1', targets: { replies: 1 }, lock: 'yes' }, 'invalid_request', 'body.lock'],
    ['a pool in whole tokens', { postUrl: 'https://x.com/a/status/1', targets: { replies: 1 }, pool: { amount: '1.5', token: 'USDT' } }, 'invalid_request', 'body.pool.amount'],
    ['a pool of nothing', { postUrl: 'https://x.com/a/status/1', targets: { replies: 1 }, pool: { amount: '0', token: 'USDT' } }, 'invalid_pool', 'body.pool'],
  ])('refuses %s with 400 naming the field', async (_what, body, code, field) => {
    const { chatId } = await adasGroup();
    const res = await api.as(ada, 'POST', `/groups/${chatId}/raids`, body);
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({ code, field, message: expect.any(String) });
    expect(await t.platform.raids.active(cid(chatId))).toBeNull();
  });

  it('refuses a post X does not have, and a second raid while one runs', async () => {
    const { chatId, post } = await adasGroup();
    const missing = await api.as(ada, 'POST', `/groups/${chatId}/raids`, { postUrl: 'https://x.com/moonproject/status/999999999999', targets: { replies: 1 } });
    expect(missing.status).toBe(400);
    expect((await json(missing)).error).toMatchObject({ code: 'post_not_found', field: 'body.postUrl' });
    await launch(chatId, { postUrl: post.url, targets: { replies: 1 } });
    const second = await api.as(ada, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 2 } });
    expect(second.status).toBe(409);
    expect((await json(second)).error.code).toBe('raid_active');
  });

  it('answers members and admins of other groups 403 on every raid route, and an unknown raid 404', async () => {
    const { chatId, post } = await adasGroup();
    const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 1 } });
    const bobsGroup = await groupWithBot(t, 'Bob’s Club', bob, [mia.tg]);
    const bobsRaid = await (async () => {
      const res = await api.as(bob, 'POST', `/groups/${bobsGroup}/raids`, { postUrl: post.url, targets: { likes: 1 } });
      expect(res.status).toBe(201);
      return (await json(res)).raid.id as string;
    })();
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/groups/${chatId}/raids`],
      ['POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 1 } }],
      ['GET', `/raids/${raid.id}`],
      ['POST', `/raids/${raid.id}/end`],
    ];
    for (const who of [mia.tg, bob]) {
      for (const [method, path, body] of routes) {
        const res = await api.as(who, method, path, body);
        expect({ who, method, path, status: res.status, code: (await json(res)).error?.code }).toEqual({ who, method, path, status: 403, code: 'not_admin' });
      }
    }
    // Bob's own raid is his to see; Ada's is not, though Bob is an admin somewhere.
    expect((await api.as(bob, 'GET', `/raids/${bobsRaid}`)).status).toBe(200);
    expect((await api.as(ada, 'GET', `/raids/${bobsRaid}`)).status).toBe(403);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ status: 'active' });
    const unknown = await api.as(ada, 'GET', '/raids/9999999999');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('not_found');
  });

  it('refuses a demoted admin at once, before any list has caught up', async () => {
    const { chatId, post } = await adasGroup();
    const cleo = t.emulator.createUser({ firstName: 'Cleo', username: 'cleo_admin' }).id;
    t.emulator.addMember(chatId, cleo);
    t.emulator.promote(chatId, cleo, ada);
    await eventually(async () => (await t.platform.groups.admins(cid(chatId))).some((a) => a.userId === cleo), 'Cleo in the synced admin list');
    const raid = await launch(chatId, { postUrl: post.url, targets: { replies: 1 } });
    expect((await api.as(cleo, 'GET', `/raids/${raid.id}`)).status).toBe(200);
    t.emulator.demote(chatId, cleo, ada);
    const end = await api.as(cleo, 'POST', `/raids/${raid.id}/end`);
    expect(end.status).toBe(403);
    const launchAgain = await api.as(cleo, 'POST', `/groups/${chatId}/raids`, { postUrl: post.url, targets: { replies: 1 } });
    expect(launchAgain.status).toBe(403);
    expect(await t.platform.raids.get(raid.id)).toMatchObject({ status: 'active' });
  });
});
