// Moderation as an admin bot sees it: until_date expiry on the emulator clock, chat_member updates for joins,
// leaves, restrictions and bans, unbanChatMember with and without only_if_banned.
import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
beforeAll(async () => {
  emu = await startTelegramEmulator({ floodLimits: false });
});
afterAll(() => emu.close());

let n = 0;
async function world(opts: { type?: 'group' | 'supergroup'; admin?: boolean; chatMember?: boolean } = {}) {
  n++;
  const bot = emu.createBot({ username: `mod${n}_bot` });
  const owner = emu.createUser({ firstName: 'Owner' });
  const member = emu.createUser({ firstName: 'Member', username: `modmember${n}` });
  const group = emu.createGroup({ title: `Mod ${n}`, type: opts.type ?? 'supergroup', ownerId: owner.id, memberIds: [member.id] });
  emu.addBotToGroup(group.id, bot.id, owner.id, { admin: opts.admin ?? true });
  const api = new Api(bot.token, { apiRoot: emu.apiRoot });
  const drain = async (): Promise<Update[]> => {
    const ups = await api.getUpdates();
    if (ups.length) await api.getUpdates({ offset: ups.at(-1)!.update_id + 1 });
    return ups;
  };
  if (opts.chatMember ?? true) await api.getUpdates({ allowed_updates: ['message', 'chat_member', 'my_chat_member'] });
  await drain();
  return { bot, owner, member, group, api, drain };
}

const inSec = (s: number) => Math.floor(emu.clock.nowMs() / 1000) + s;

describe('until_date', () => {
  it('lifts a restriction once until_date passes (lazily, on the emulator clock)', async () => {
    const { api, group, member } = await world();
    await api.restrictChatMember(group.id, member.id, { can_send_messages: false }, { until_date: inSec(60) });
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted', is_member: true, until_date: inSec(60) });
    expect(() => emu.sendMessage(member.id, group.id, 'hi')).toThrow(/CHAT_WRITE_FORBIDDEN/);
    emu.clock.advance(61_000);
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'member' });
    expect(emu.sendMessage(member.id, group.id, 'free again').text).toBe('free again');
  });

  it('treats until_date under 30 s or over 366 days from now as forever', async () => {
    const { api, group, member } = await world();
    await api.restrictChatMember(group.id, member.id, { can_send_messages: false }, { until_date: inSec(10) });
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted', until_date: 0 });
    emu.clock.advance(400 * 86400_000);
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted' });
  });

  it('ends a temporary ban: the user has left and may join again; a permanent ban keeps them out', async () => {
    const { api, group, member, owner } = await world();
    await api.banChatMember(group.id, member.id, { until_date: inSec(120) });
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'kicked', until_date: inSec(120) });
    expect(() => emu.joinGroup(member.id, group.id)).toThrow(/banned/);
    expect(() => emu.sendMessage(member.id, group.id, 'let me in')).toThrow(/CHAT_WRITE_FORBIDDEN/);
    emu.clock.advance(121_000);
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'left' });
    expect(emu.chatMember(group.id, member.id).status).toBe('left');
    emu.joinGroup(member.id, group.id);
    expect(emu.chatMember(group.id, member.id).status).toBe('member');
    const other = emu.createUser({ firstName: 'Spammer' });
    emu.addMember(group.id, other.id, owner.id);
    await api.banChatMember(group.id, other.id);
    emu.clock.advance(1000 * 86400_000);
    expect(() => emu.joinGroup(other.id, group.id)).toThrow(/banned/);
  });

  it('keeps a restricted user restricted when they leave and come back', async () => {
    const { api, group, member } = await world();
    await api.restrictChatMember(group.id, member.id, { can_send_messages: false });
    emu.leaveChat(group.id, member.id);
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted', is_member: false });
    expect(await api.getChatMemberCount(group.id)).toBe(2);
    emu.joinGroup(member.id, group.id);
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted', is_member: true, can_send_messages: false });
  });
});

describe('chat_member updates', () => {
  it('tells an admin bot that asked for chat_member about joins, leaves, restrictions and bans', async () => {
    const { api, group, member, owner, drain } = await world();
    const newbie = emu.createUser({ firstName: 'Newbie' });
    emu.joinGroup(newbie.id, group.id);
    await api.restrictChatMember(group.id, newbie.id, { can_send_messages: false });
    await api.restrictChatMember(group.id, newbie.id, {
      can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true, can_send_videos: true,
      can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true, can_send_other_messages: true,
      can_add_web_page_previews: true, can_change_info: true, can_invite_users: true, can_pin_messages: true, can_manage_topics: true,
    });
    await api.banChatMember(group.id, newbie.id);
    await api.unbanChatMember(group.id, newbie.id);
    emu.leaveChat(group.id, member.id);
    const updates = await drain();
    const changes = updates.filter((u) => u.chat_member).map((u) => [
      u.chat_member!.from.id, u.chat_member!.new_chat_member.user.id, u.chat_member!.old_chat_member.status, u.chat_member!.new_chat_member.status,
    ]);
    const bot = (await api.getMe()).id;
    expect(changes).toEqual([
      [newbie.id, newbie.id, 'left', 'member'],
      [bot, newbie.id, 'member', 'restricted'],
      [bot, newbie.id, 'restricted', 'member'],
      [bot, newbie.id, 'member', 'kicked'],
      [bot, newbie.id, 'kicked', 'left'],
      [member.id, member.id, 'member', 'left'],
    ]);
    expect(updates.find((u) => u.chat_member)!.chat_member).toMatchObject({ chat: { id: group.id, type: 'supergroup' }, date: expect.any(Number) });
    // the bot's own ban posts left_chat_member from the bot: like its other outgoing messages, it does not get it
    const service = updates.filter((u) => u.message).map((u) => u.message!);
    expect(service.map((m) => m.new_chat_members?.[0]?.id ?? -(m.left_chat_member?.id ?? 0))).toEqual([newbie.id, -member.id]);
    expect(emu.messages(group.id).filter((m) => m.left_chat_member?.id === newbie.id)).toHaveLength(1);
    void owner;
  });

  it('sends none to an admin bot that did not ask, nor to a non-admin bot', async () => {
    for (const w of [await world({ chatMember: false }), await world({ admin: false })]) {
      const newbie = emu.createUser({ firstName: 'Newbie' });
      emu.joinGroup(newbie.id, w.group.id);
      const ups = await w.drain();
      expect(ups.some((u) => u.chat_member)).toBe(false);
      expect(ups.map((u) => u.message?.new_chat_members?.[0]?.id)).toEqual([newbie.id]);
    }
  });
});

describe('unbanChatMember', () => {
  it('with only_if_banned leaves a member alone; without it removes them (free to come back)', async () => {
    const { api, group, member, drain } = await world();
    await api.unbanChatMember(group.id, member.id, { only_if_banned: true });
    expect(emu.chatMember(group.id, member.id).status).toBe('member');
    await api.unbanChatMember(group.id, member.id);
    expect(emu.chatMember(group.id, member.id).status).toBe('left');
    const ups = await drain();
    expect(ups.map((u) => u.chat_member?.new_chat_member.status)).toEqual(['left']);
    expect(emu.messages(group.id).at(-1)).toMatchObject({ left_chat_member: { id: member.id }, from: { id: (await api.getMe()).id } });
    emu.joinGroup(member.id, group.id);
    expect(emu.chatMember(group.id, member.id).status).toBe('member');
  });

  it('needs can_restrict_members and refuses the owner', async () => {
    const { api, group, owner } = await world();
    await expect(api.unbanChatMember(group.id, owner.id)).rejects.toMatchObject({ description: "Bad Request: can't remove chat owner" });
    const plain = await world({ admin: false });
    await expect(plain.api.unbanChatMember(plain.group.id, plain.member.id)).rejects.toMatchObject({
      description: 'Bad Request: not enough rights to restrict/unrestrict chat member',
    });
  });
});

describe('deleting messages', () => {
  it("deletes someone else's message in a supergroup only with can_delete_messages; isDeleted/deleted show it", async () => {
    const plain = await world({ admin: false });
    const spam = emu.sendMessage(plain.member.id, plain.group.id, 'buy now');
    await expect(plain.api.deleteMessage(plain.group.id, spam.message_id)).rejects.toMatchObject({ description: "Bad Request: message can't be deleted" });
    const own = await plain.api.sendMessage(plain.group.id, 'mine');
    await plain.api.deleteMessage(plain.group.id, own.message_id);
    expect(emu.isDeleted(plain.group.id, own.message_id)).toBe(true);

    const noRight = await world();
    emu.promote(noRight.group.id, noRight.bot.id, noRight.owner.id, { can_delete_messages: false });
    const spam2 = emu.sendMessage(noRight.member.id, noRight.group.id, 'buy now');
    await expect(noRight.api.deleteMessage(noRight.group.id, spam2.message_id)).rejects.toMatchObject({ error_code: 400 });

    const { api, group, member, bot } = await world();
    const spam3 = emu.sendMessage(member.id, group.id, 'buy now');
    const kept = emu.sendMessage(member.id, group.id, 'hello');
    const waited = emu.waitForDeletion(group.id, spam3.message_id);
    await api.deleteMessage(group.id, spam3.message_id);
    await waited;
    expect(emu.isDeleted(group.id, spam3.message_id)).toBe(true);
    expect(emu.isDeleted(group.id, kept.message_id)).toBe(false);
    expect(emu.deleted(group.id)).toEqual([expect.objectContaining({ message_id: spam3.message_id, text: 'buy now', deletedBy: bot.id })]);
    expect(emu.messages(group.id).some((m) => m.message_id === spam3.message_id)).toBe(false);
    await expect(api.deleteMessage(group.id, spam3.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
    expect(() => emu.isDeleted(group.id, 9999)).toThrow(/no message 9999/);
  });

  it('lets any admin bot delete any message in a basic group', async () => {
    const { api, group, member, owner, bot } = await world({ type: 'group', admin: false });
    emu.promote(group.id, bot.id, owner.id, { can_delete_messages: false });
    const m = emu.sendMessage(member.id, group.id, 'hi');
    await api.deleteMessage(group.id, m.message_id);
    expect(emu.isDeleted(group.id, m.message_id)).toBe(true);
  });

  it('refuses messages older than 48 hours, except to supergroup admins with can_delete_messages', async () => {
    const plain = await world({ admin: false });
    const own = await plain.api.sendMessage(plain.group.id, 'old news');
    const { api, group, member } = await world();
    const old = emu.sendMessage(member.id, group.id, 'ancient spam');
    emu.clock.advance(49 * 3600_000);
    await expect(plain.api.deleteMessage(plain.group.id, own.message_id)).rejects.toMatchObject({ description: "Bad Request: message can't be deleted" });
    await api.deleteMessage(group.id, old.message_id);
    expect(emu.isDeleted(group.id, old.message_id)).toBe(true);
  });

  it('waitForDeletion rejects when nothing is deleted in time', async () => {
    const { group, member } = await world();
    const m = emu.sendMessage(member.id, group.id, 'stays');
    await expect(emu.waitForDeletion(group.id, m.message_id, 30)).rejects.toThrow(/not deleted within 30 ms/);
  });
});

describe('links in members\' messages', () => {
  it('gives the bot url entities for bare domains and keeps text_link entities the sender made', async () => {
    const { group, member, drain } = await world();
    emu.sendMessage(member.id, group.id, 'free tokens at scam.xyz/claim and t.me/fakechannel');
    emu.sendMessage(member.id, group.id, 'click here', { entities: [{ type: 'text_link', offset: 0, length: 5, url: 'https://scam.xyz/' }] });
    const [a, b] = (await drain()).map((u) => u.message!);
    expect(a!.entities).toEqual([{ type: 'url', offset: 15, length: 14 }, { type: 'url', offset: 34, length: 16 }]);
    expect(b!.entities).toEqual([{ type: 'text_link', offset: 0, length: 5, url: 'https://scam.xyz/' }]);
  });
});
