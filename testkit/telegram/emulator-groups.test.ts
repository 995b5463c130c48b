// Groups as a bot sees them: privacy mode, membership updates, rights, permissions, migration.
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
function world(opts: { type?: 'group' | 'supergroup'; admin?: boolean; rights?: Record<string, boolean>; privacyMode?: boolean } = {}) {
  n++;
  const bot = emu.createBot({ username: `group${n}_bot`, privacyMode: opts.privacyMode });
  const owner = emu.createUser({ firstName: 'Owner' });
  const member = emu.createUser({ firstName: 'Member', username: `member${n}` });
  const group = emu.createGroup({ title: `Group ${n}`, type: opts.type ?? 'supergroup', ownerId: owner.id, memberIds: [member.id] });
  emu.addBotToGroup(group.id, bot.id, owner.id, { admin: opts.admin, rights: opts.rights });
  const api = new Api(bot.token, { apiRoot: emu.apiRoot });
  /** All updates queued so far, confirmed. */
  const drain = async (): Promise<Update[]> => {
    const ups = await api.getUpdates();
    if (ups.length) await api.getUpdates({ offset: ups.at(-1)!.update_id + 1 });
    return ups;
  };
  return { bot, owner, member, group, api, drain };
}

describe('joining and privacy mode', () => {
  it('tells the bot it was added: my_chat_member, then the new_chat_members message', async () => {
    const { bot, owner, group, drain } = world({ type: 'group' });
    const [first, second] = await drain();
    expect(first!.my_chat_member).toMatchObject({
      chat: { id: group.id, type: 'group', title: expect.any(String) }, from: { id: owner.id },
      old_chat_member: { status: 'left', user: { id: bot.id, is_bot: true } },
      new_chat_member: { status: 'member', user: { id: bot.id } },
    });
    expect(second!.message?.new_chat_members).toEqual([expect.objectContaining({ id: bot.id, is_bot: true })]);
  });

  it('gives a non-admin bot only commands for it, replies to it and mentions of it', async () => {
    const { bot, member, group, api, drain } = world();
    await drain();
    const mine = await api.sendMessage(group.id, 'I am here');
    emu.sendMessage(member.id, group.id, 'just chatting');
    emu.sendMessage(member.id, group.id, '/stats');
    emu.sendMessage(member.id, group.id, '/stats@some_other_bot');
    emu.sendMessage(member.id, group.id, `/stats@${bot.username}`);
    emu.sendMessage(member.id, group.id, `hey @${bot.username} look`);
    emu.sendMessage(member.id, group.id, 'a reply', { replyToMessageId: mine.message_id });
    const texts = (await drain()).map((u) => u.message?.text);
    expect(texts).toEqual(['/stats', `/stats@${bot.username}`, `hey @${bot.username} look`, 'a reply']);
  });

  it('gives an admin bot, or one without privacy mode, every message', async () => {
    for (const w of [world({ admin: true }), world({ privacyMode: false })]) {
      await w.drain();
      emu.sendMessage(w.member.id, w.group.id, 'just chatting');
      expect((await w.drain()).map((u) => u.message?.text)).toEqual(['just chatting']);
    }
  });

  it('sends my_chat_member on promotion and removal, then refuses as kicked', async () => {
    const { bot, owner, group, api, drain } = world();
    await drain();
    emu.promote(group.id, bot.id, owner.id, { can_pin_messages: false });
    emu.removeBotFromGroup(group.id, bot.id, owner.id);
    const updates = (await drain()).map((u) => u.my_chat_member?.new_chat_member);
    expect(updates).toEqual([
      expect.objectContaining({ status: 'administrator', can_pin_messages: false, can_restrict_members: true }),
      expect.objectContaining({ status: 'kicked', until_date: 0 }),
    ]);
    await expect(api.sendMessage(group.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
  });

  it('refuses a group the bot is not in', async () => {
    const { owner, api } = world();
    const other = emu.createGroup({ title: 'Elsewhere', ownerId: owner.id });
    await expect(api.sendMessage(other.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot is not a member of the group chat' });
  });
});

describe('rights', () => {
  it('pins only with can_pin_messages; the chat shows the pin', async () => {
    const plain = world();
    const m = await plain.api.sendMessage(plain.group.id, 'Rules');
    await expect(plain.api.pinChatMessage(plain.group.id, m.message_id)).rejects.toMatchObject({
      error_code: 400, description: 'Bad Request: not enough rights to manage pinned messages in the chat',
    });
    const admin = world({ admin: true });
    const rules = await admin.api.sendMessage(admin.group.id, 'Rules');
    await admin.api.pinChatMessage(admin.group.id, rules.message_id);
    expect(emu.chat(admin.group.id).pinnedMessageIds).toEqual([rules.message_id]);
    expect(emu.messages(admin.group.id).find((x) => x.message_id === rules.message_id)?.pinned).toBe(true);
    expect((await admin.api.getChat(admin.group.id)).pinned_message?.message_id).toBe(rules.message_id);
    await admin.api.unpinChatMessage(admin.group.id);
    expect(emu.chat(admin.group.id).pinnedMessageIds).toEqual([]);
  });

  it('applies setChatPermissions: getChat shows them and members can no longer write, admins still can', async () => {
    const plain = world();
    await expect(plain.api.setChatPermissions(plain.group.id, { can_send_messages: false })).rejects.toMatchObject({
      description: 'Bad Request: not enough rights to restrict/unrestrict chat member',
    });
    const { api, group, member, owner } = world({ admin: true });
    await api.setChatPermissions(group.id, { can_send_messages: false });
    const chat = await api.getChat(group.id);
    expect(chat.permissions).toMatchObject({ can_send_messages: false, can_send_polls: false, can_invite_users: false });
    expect(() => emu.sendMessage(member.id, group.id, 'hello?')).toThrow(/CHAT_WRITE_FORBIDDEN/);
    expect(emu.sendMessage(owner.id, group.id, 'quiet please').text).toBe('quiet please');
  });

  it('restricts a member in a supergroup only, and shows the restriction in getChatMember', async () => {
    const basic = world({ type: 'group', admin: true });
    await expect(basic.api.restrictChatMember(basic.group.id, basic.member.id, { can_send_messages: false })).rejects.toMatchObject({
      description: 'Bad Request: method is available only for supergroups',
    });
    const { api, group, member, drain } = world({ admin: true });
    await api.getUpdates({ allowed_updates: ['chat_member', 'message'] });
    await drain();
    await api.restrictChatMember(group.id, member.id, { can_send_messages: false });
    expect(await api.getChatMember(group.id, member.id)).toMatchObject({ status: 'restricted', is_member: true, can_send_messages: false, until_date: 0 });
    expect(() => emu.sendMessage(member.id, group.id, 'hello?')).toThrow(/CHAT_WRITE_FORBIDDEN/);
    const [u] = await drain();
    expect(u!.chat_member).toMatchObject({ new_chat_member: { status: 'restricted', user: { id: member.id } } });
  });

  it('lists administrators and counts members', async () => {
    const { api, group, owner, bot } = world({ admin: true });
    const admins = await api.getChatAdministrators(group.id);
    expect(admins.map((a) => [a.user.id, a.status])).toEqual([[owner.id, 'creator'], [bot.id, 'administrator']]);
    expect(await api.getChatMemberCount(group.id)).toBe(3);
  });
});

describe('upgrading a group to a supergroup', () => {
  it('announces migrate_to/migrate_from and answers the old id with migrate_to_chat_id', async () => {
    const { api, group, drain } = world({ type: 'group' });
    await drain();
    const upgraded = emu.upgradeToSupergroup(group.id);
    expect(String(upgraded.id)).toMatch(/^-100\d{10}$/);
    const messages = (await drain()).map((u) => u.message);
    expect(messages).toEqual([
      expect.objectContaining({ chat: expect.objectContaining({ id: group.id, type: 'group' }), migrate_to_chat_id: upgraded.id }),
      expect.objectContaining({ chat: expect.objectContaining({ id: upgraded.id, type: 'supergroup' }), migrate_from_chat_id: group.id }),
    ]);
    await expect(api.sendMessage(group.id, 'hi')).rejects.toMatchObject({
      error_code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', parameters: { migrate_to_chat_id: upgraded.id },
    });
    await expect(api.sendMessage(upgraded.id, 'hi')).resolves.toMatchObject({ chat: { id: upgraded.id, type: 'supergroup' } });
  });
});
