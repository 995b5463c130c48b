import { Api } from 'grammy';
import type { Chat, ChatMemberUpdated } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createHistory, type History } from '../history/index.js';
import { createNotifications, type Notifications } from '../notifications/index.js';
import { createGroups } from './index.js';
import { groupMessages } from '../../bots/features/group-membership/texts.js';
import { systemClock } from '../platform/clock.js';
import { cid, uid } from '../platform/telegram-ids.test-support.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

// Admin rights and membership come from Telegram at the moment they matter (getChatMember), reused for a
// few seconds in Redis. Against the Telegram emulator (whose bot here is a plain member: no chat_member
// updates), real Postgres and Redis.
describe('asking Telegram who is an admin and who is in the group', () => {
  let db: TestDatabase;
  let r: TestRedis;
  let emu: TelegramEmulator;
  let history: History;
  let notifications: Notifications;
  let api: Api;
  let botId: number;
  let chat: Chat.SupergroupChat;
  let owner: TelegramUserId, bob: TelegramUserId, cleo: TelegramUserId;
  let instances = 0;

  const make = (memberCacheMs: number) =>
    createGroups({
      clock: systemClock,
      db: db.dataSource,
      history,
      notifications,
      log: silentLogger(),
      telegram: {
        getChatAdministrators: (b, c) => api.getChatAdministrators(c),
        getChatMember: (b, c, u) => api.getChatMember(c, u),
      },
      redis: r.redis,
      // Each instance keeps its own answers, so one test's cache does not answer another's.
      prefix: `${r.prefix}:${++instances}`,
      memberCacheMs,
      messages: () => groupMessages,
    });
  const asked = () => emu.stats().requests[botId]?.getChatMember ?? 0;
  const synced = async (groups: ReturnType<typeof make>) => (await groups.admins(cid(chat.id))).map((a) => a.userId);

  beforeAll(async () => {
    [db, r, emu] = await Promise.all([freshDatabase('member_check'), freshRedis(), startTelegramEmulator({ floodLimits: false })]);
    const metrics = createMetrics({ defaults: false });
    history = createHistory({ clock: systemClock, db: db.dataSource, log: silentLogger(), metrics });
    notifications = createNotifications({
      clock: systemClock,
      db: db.dataSource, redis: r.redis, prefix: r.prefix, log: silentLogger(), metrics,
      sendApi: async () => { throw new Error('this test does not deliver'); },
    });
    const bot = emu.createBot({ username: 'check_bot' });
    botId = bot.id;
    api = new Api(bot.token, { apiRoot: emu.apiRoot });
    owner = uid(emu.createUser({ firstName: 'Olga' }).id);
    bob = uid(emu.createUser({ firstName: 'Bob' }).id);
    cleo = uid(emu.createUser({ firstName: 'Cleo' }).id);
    const group = emu.createGroup({ title: 'Checked Club', type: 'supergroup', ownerId: owner, memberIds: [bob, cleo] });
    emu.promote(group.id, bob, owner);
    emu.addBotToGroup(group.id, botId, owner);
    chat = { id: group.id, type: 'supergroup', title: 'Checked Club' };
    await make(0).ensureRegistered(botId, chat);
  });
  afterAll(async () => {
    await notifications?.close();
    await emu?.close();
    await r?.cleanup();
    await db?.drop();
  });

  it('asks Telegram once for a burst of checks, and again once the answer has expired', async () => {
    const groups = make(300);
    const before = asked();
    expect(await Promise.all([groups.isAdmin(cid(chat.id), bob), groups.isAdmin(cid(chat.id), bob)])).toEqual([true, true]);
    expect(await groups.isAdmin(cid(chat.id), bob)).toBe(true);
    expect(asked() - before).toBeLessThanOrEqual(2); // two checks at the same instant may both miss
    const settled = asked();
    await groups.isAdmin(cid(chat.id), bob);
    expect(asked()).toBe(settled);
    // Redis expires the answer; the next check after that asks Telegram again.
    for (let i = 0; asked() === settled; i++) {
      if (i > 100) throw new Error('the kept answer never expired');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await groups.isAdmin(cid(chat.id), bob)).toBe(true);
    }
  });

  it('drops a kept answer when a chat_member update reports the change', async () => {
    const groups = make(60_000);
    expect(await groups.isAdmin(cid(chat.id), bob)).toBe(true);
    const wasAdmin = await api.getChatMember(chat.id, bob);
    emu.demote(chat.id, bob, owner);
    expect(await groups.isAdmin(cid(chat.id), bob)).toBe(true); // within the cache time, as documented
    const update: ChatMemberUpdated = {
      chat,
      from: { id: owner, is_bot: false, first_name: 'Olga' },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: wasAdmin,
      new_chat_member: await api.getChatMember(chat.id, bob),
    };
    await groups.memberChanged(botId, update);
    expect(await groups.isAdmin(cid(chat.id), bob)).toBe(false);
    emu.promote(chat.id, bob, owner);
  });

  it('puts the synced admin list right when Telegram says otherwise, with a history event', async () => {
    const groups = make(0);
    emu.promote(chat.id, cleo, owner); // no update reaches us
    expect(await synced(groups)).not.toContain(cleo);
    expect(await groups.isAdmin(cid(chat.id), cleo)).toBe(true);
    expect(await synced(groups)).toContain(cleo);

    emu.demote(chat.id, cleo, owner);
    expect(await groups.isAdmin(cid(chat.id), cleo)).toBe(false);
    expect(await synced(groups)).not.toContain(cleo);

    await history.seal();
    const trail = await history.list({ subjectKind: 'group', subjectId: String(chat.id), limit: 100 });
    const checked = trail.filter((e) => e.actor.id === 'admin check').map((e) => [e.action, e.data.userId]);
    expect(checked.sort()).toEqual([['group.admin_added', String(cleo)], ['group.admin_removed', String(cleo)]]);
  });

  it('counts as members those in the group now, not those who left or never came', async () => {
    const groups = make(0);
    const stranger = uid(emu.createUser({ firstName: 'Stan' }).id);
    expect(await groups.isMember(cid(chat.id), cleo)).toBe(true);
    expect(await groups.isMember(cid(chat.id), owner)).toBe(true);
    expect(await groups.isMember(cid(chat.id), stranger)).toBe(false);
    emu.leaveChat(chat.id, cleo);
    expect(await groups.isMember(cid(chat.id), cleo)).toBe(false);
    expect(await groups.isMember(cid(-1009999999999), bob)).toBe(false); // a group we do not serve
  });
});
