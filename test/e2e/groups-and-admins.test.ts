import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// A group's life as its people see it: the bot is added, admins come and go, /settings answers the
// right people. Everything runs through the Telegram emulator over HTTP, webhooks included.
describe('groups and their admins', () => {
  let t: TestPlatform;
  let owner: TelegramUserId, admin: TelegramUserId, carol: TelegramUserId, dave: TelegramUserId;
  let groupId: ChatId;

  const adminIds = async () => (await t.platform.groups.admins(groupId)).map((a) => a.userId).sort((a, b) => a - b);
  const botSays = (chatId: number, pattern: RegExp) => t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 15_000);

  beforeAll(async () => {
    t = await startTestPlatform();
  });

  /** Each case's own club and people: the owner, an admin promoted before the bot came, two members. With
   * `bot`, the bot has been added (as an admin) and the group registered. */
  let n = 0;
  async function club(options: { bot: boolean }) {
    const k = ++n;
    owner = uid(t.emulator.createUser({ firstName: 'Olivia', username: `olivia${k}` }).id);
    admin = uid(t.emulator.createUser({ firstName: 'Adam', username: `adam${k}` }).id);
    carol = uid(t.emulator.createUser({ firstName: 'Carol' }).id);
    dave = uid(t.emulator.createUser({ firstName: 'Dave' }).id);
    groupId = cid(t.emulator.createGroup({ title: 'Moon Club', type: 'supergroup', ownerId: owner, memberIds: [admin, carol, dave] }).id);
    t.emulator.promote(groupId, admin, owner);
    if (!options.bot) return;
    t.emulator.addBotToGroup(groupId, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active, 'the group to register');
  }

  afterAll(async () => {
    await t?.stop();
  });

  it('registers the group with its admins when the bot is added, and greets it', async () => {
    await club({ bot: false });
    t.emulator.addBotToGroup(groupId, t.bot.id, owner, { admin: true });
    await botSays(groupId, /Hello/);
    const group = await t.platform.groups.get(groupId);
    expect(group).toMatchObject({ chatId: groupId, title: 'Moon Club', type: 'supergroup', active: true, botStatus: 'administrator' });
    expect(await adminIds()).toEqual([owner, admin, t.bot.id].sort((a, b) => a - b));
  });

  it('keeps the admin list right as members are promoted, demoted, leave or are banned', async () => {
    await club({ bot: true });
    t.emulator.promote(groupId, carol, owner);
    await eventually(async () => (await adminIds()).includes(carol), 'carol to become an admin');

    t.emulator.demote(groupId, carol, owner);
    await eventually(async () => !(await adminIds()).includes(carol), 'carol to be demoted');

    t.emulator.promote(groupId, dave, owner);
    await eventually(async () => (await adminIds()).includes(dave), 'dave to become an admin');
    t.emulator.leaveChat(groupId, dave);
    await eventually(async () => !(await adminIds()).includes(dave), 'dave to leave');

    t.emulator.banMember(groupId, admin, owner);
    await eventually(async () => !(await adminIds()).includes(admin), 'adam to be banned');
    expect(await adminIds()).toEqual([owner, t.bot.id].sort((a, b) => a - b));

    await t.platform.history.seal();
    const trail = await t.platform.history.list({ subjectKind: 'group', subjectId: String(groupId), limit: 100 });
    const removals = trail.filter((e) => e.action === 'group.admin_removed').map((e) => [e.data.userId, e.data.reason]);
    expect(removals).toEqual(expect.arrayContaining([[String(carol), 'demoted'], [String(dave), 'left'], [String(admin), 'banned']]));
  });

  it('shows /settings to an admin and politely refuses anyone else', async () => {
    await club({ bot: true });
    t.emulator.sendMessage(owner, groupId, '/settings');
    const card = await botSays(groupId, /Settings of Moon Club/);
    expect(card.text).toContain('reply 4, repost 5, quote 5, like 3');

    t.emulator.sendMessage(carol, groupId, '/settings');
    await botSays(groupId, /only admins of this group/i);
  });

  it('lets an admin change a setting, and tells them how when the value is wrong', async () => {
    await club({ bot: true });
    t.emulator.sendMessage(owner, groupId, '/set raid.duration 2h');
    await botSays(groupId, /raid\.duration is now 2h\./);
    t.emulator.sendMessage(owner, groupId, '/set raid.duration 45');
    await botSays(groupId, /raid\.duration needs a unit: 45m, 45h or 45d/);
    expect((await t.platform.groups.settings(groupId))?.raid.durationMinutes).toBe(120);
    t.emulator.sendMessage(owner, groupId, '/set raid.duration 45m');
    await botSays(groupId, /raid\.duration is now 45m\./);
    expect((await t.platform.groups.settings(groupId))?.raid.durationMinutes).toBe(45);

    t.emulator.sendMessage(owner, groupId, '/set points.reply lots');
    await botSays(groupId, /points\.reply expects a whole number[\s\S]*Usage: \/set/);
    expect((await t.platform.groups.settings(groupId))?.points.reply).toBe(4);
  });

  it('keeps the group and its data when the bot is removed', async () => {
    await club({ bot: true });
    t.emulator.sendMessage(owner, groupId, '/set raid.duration 45m');
    await botSays(groupId, /raid\.duration is now 45m\./);
    t.emulator.removeBotFromGroup(groupId, t.bot.id, owner);
    await eventually(async () => (await t.platform.groups.get(groupId))?.active === false, 'the group to go inactive');
    const group = await t.platform.groups.get(groupId);
    expect(group?.settings.raid.durationMinutes).toBe(45);
  });

  it('follows a group that upgrades to a supergroup', async () => {
    await club({ bot: false });
    const small = cid(t.emulator.createGroup({ title: 'Small Club', type: 'group', ownerId: owner, memberIds: [carol] }).id);
    t.emulator.addBotToGroup(small, t.bot.id, owner, { admin: true });
    await eventually(async () => (await t.platform.groups.get(small))?.active, 'the small group to register');
    const upgraded = cid(t.emulator.upgradeToSupergroup(small).id);
    const moved = await eventually(async () => t.platform.groups.get(upgraded), 'the group to follow the upgrade');
    expect(moved).toMatchObject({ type: 'supergroup', active: true });
    expect((await t.platform.groups.get(small))?.migratedToChatId).toBe(upgraded);
    expect((await t.platform.groups.admins(upgraded)).map((a) => a.userId)).toContain(owner);
  });
});
