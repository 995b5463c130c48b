import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

// "I raided" counts only for the raid's own group and its current members. The card's button carries a
// sequential raid id, so a crafted press (another chat, someone outside the group, a member who left) must
// be answered with a reason and record nothing.
describe('who may claim a raid', () => {
  let t: TestPlatform;
  let post: { id: string; url: string };
  // Each case has its own groups, people and raid, so none sees another's claims or departures.
  let groupId: ChatId;
  let otherGroupId: ChatId;
  let raidId: string;
  let cardId: number;
  let member: TelegramUserId, leaver: TelegramUserId, outsider: TelegramUserId;
  let n = 0;

  const linked = async (name: string) => {
    const tg = uid(t.emulator.createUser({ firstName: name, username: `${name}_tg` }).id);
    const x = t.x.createUser({ username: `${name}_x`, createdAt: new Date('2020-01-01'), followers: 500 });
    await t.platform.users.touch({ id: tg, first_name: name }, t.bot.id);
    expect(await t.platform.users.linkXAccount(tg, x, 'oauth')).toMatchObject({ ok: true });
    return tg;
  };
  const claims = async () => (await t.platform.raids.claims(raidId)).map((c) => c.telegramUserId);

  beforeAll(async () => {
    t = await startTestPlatform();
    const project = t.x.createUser({ username: 'moonproject', createdAt: new Date('2019-05-01'), followers: 90_000 });
    post = t.x.post(project, 'v3 is out');
  });

  beforeEach(async () => {
    const k = ++n;
    const admin = uid(t.emulator.createUser({ firstName: 'Ada', username: `ada${k}` }).id);
    member = await linked(`mia${k}`);
    leaver = await linked(`lea${k}`);
    outsider = await linked(`mal${k}`);
    groupId = cid(t.emulator.createGroup({ title: 'Moon Raiders', type: 'supergroup', ownerId: admin, memberIds: [member, leaver] }).id);
    t.emulator.addBotToGroup(groupId, t.bot.id, admin, { admin: true });
    // The outsider runs a group of their own with the same bot: a chat where the bot's messages can be pressed.
    otherGroupId = cid(t.emulator.createGroup({ title: 'Mal Club', type: 'supergroup', ownerId: outsider }).id);
    t.emulator.addBotToGroup(otherGroupId, t.bot.id, outsider, { admin: true });
    await eventually(async () => (await t.platform.groups.get(groupId))?.active && (await t.platform.groups.get(otherGroupId))?.active, 'both groups to register');

    t.emulator.sendMessage(admin, groupId, `/raid ${post.url} replies=50 for=30m`);
    const card = await t.emulator.waitForMessage(groupId, (m) => m.from?.id === t.bot.id && /RAID LIVE/.test(m.text ?? ''), 20_000);
    cardId = card.message_id;
    raidId = (await t.platform.raids.active(groupId))!.id;
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses a claim crafted in another chat, with a reason, and stores nothing', async () => {
    const welcome = await t.emulator.waitForMessage(otherGroupId, (m) => m.from?.id === t.bot.id, 15_000);
    const crafted = await t.emulator.pressButton(outsider, otherGroupId, welcome.message_id, `raid:claim:${raidId}`, { unchecked: true });
    expect(crafted.answer?.text).toMatch(/belongs to a raid in another chat/);
    expect(await claims()).toEqual([]);
  });

  it('refuses someone outside the group pressing the card itself', async () => {
    const pressed = await t.emulator.pressButton(outsider, groupId, cardId, `raid:claim:${raidId}`);
    expect(pressed.answer).toMatchObject({ text: expect.stringMatching(/Only members of this group can claim/), show_alert: true });
    expect(await claims()).toEqual([]);
  });

  it('refuses a member who left the group, and records a member who is still in it', async () => {
    t.emulator.leaveChat(groupId, leaver);
    const gone = await t.emulator.pressButton(leaver, groupId, cardId, `raid:claim:${raidId}`);
    expect(gone.answer?.text).toMatch(/Only members of this group can claim/);
    expect(await claims()).toEqual([]);

    const stays = await t.emulator.pressButton(member, groupId, cardId, `raid:claim:${raidId}`);
    expect(stays.answer?.text).toMatch(/Claim recorded/);
    expect(await claims()).toEqual([member]);
  });
});
