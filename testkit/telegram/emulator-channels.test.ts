// Channels as bots see them: admin-only member lookups, subscriptions as chat_member, channel posts.
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
async function world(opts: { admin?: boolean } = {}) {
  n++;
  const bot = emu.createBot({ username: `chan${n}_bot` });
  const fan = emu.createUser({ firstName: 'Fan' });
  const channel = emu.createChannel({ title: `News ${n}`, username: `news_${n}` });
  emu.addBotToChannel(channel.id, bot.id, { admin: opts.admin ?? true });
  const api = new Api(bot.token, { apiRoot: emu.apiRoot });
  const drain = async (): Promise<Update[]> => {
    const ups = await api.getUpdates();
    if (ups.length) await api.getUpdates({ offset: ups.at(-1)!.update_id + 1 });
    return ups;
  };
  return { bot, fan, channel, api, drain };
}

describe('channels', () => {
  it('adds a bot as an admin with channel rights (my_chat_member); getChat shows a channel', async () => {
    const { api, bot, channel, drain } = await world();
    expect(String(channel.id)).toMatch(/^-100\d{10}$/);
    const [u] = await drain();
    expect(u!.my_chat_member).toMatchObject({
      chat: { id: channel.id, type: 'channel', title: channel.title, username: channel.username },
      from: { id: channel.ownerId },
      new_chat_member: { status: 'administrator', user: { id: bot.id }, can_post_messages: true, can_edit_messages: true, can_delete_messages: true },
    });
    expect(u!.my_chat_member!.new_chat_member).not.toHaveProperty('can_pin_messages');
    const chat = await api.getChat(`@${channel.username}`);
    expect(chat).toMatchObject({ id: channel.id, type: 'channel' });
    expect(chat).not.toHaveProperty('permissions');
  });

  it('answers getChatMember to admin bots: member, left, kicked; chat_member for subscriptions', async () => {
    const { api, fan, channel, drain } = await world();
    await api.getUpdates({ allowed_updates: ['chat_member', 'channel_post'] });
    await drain();
    expect(await api.getChatMember(channel.id, fan.id)).toMatchObject({ status: 'left' });
    emu.joinChannel(fan.id, channel.id);
    expect(await api.getChatMember(channel.id, fan.id)).toMatchObject({ status: 'member', user: { id: fan.id } });
    emu.leaveChannel(fan.id, channel.id);
    expect(await api.getChatMember(channel.id, fan.id)).toMatchObject({ status: 'left' });
    emu.joinChannel(fan.id, channel.id);
    await api.banChatMember(channel.id, fan.id);
    expect(await api.getChatMember(channel.id, fan.id)).toMatchObject({ status: 'kicked' });
    expect(() => emu.joinChannel(fan.id, channel.id)).toThrow(/banned/);
    await api.unbanChatMember(channel.id, fan.id, { only_if_banned: true });
    expect(await api.getChatMember(channel.id, fan.id)).toMatchObject({ status: 'left' });
    const updates = await drain();
    expect(updates.every((u) => u.chat_member)).toBe(true); // no service messages in channels
    expect(updates.map((u) => u.chat_member!.new_chat_member.status)).toEqual(['member', 'left', 'member', 'kicked', 'left']);
    expect(emu.messages(channel.id)).toEqual([]);
  });

  it('refuses getChatMember to a bot that is not an admin: 400 member list is inaccessible', async () => {
    const { api, fan, channel } = await world({ admin: false });
    emu.joinChannel(fan.id, channel.id);
    await expect(api.getChatMember(channel.id, fan.id)).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: member list is inaccessible' });
    const outsider = new Api(emu.createBot({ username: `outsider${n}_bot` }).token, { apiRoot: emu.apiRoot });
    await expect(outsider.getChatMember(`@${channel.username}`, fan.id)).rejects.toMatchObject({ description: 'Bad Request: member list is inaccessible' });
    await expect(outsider.sendMessage(channel.id, 'hi')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' });
    await expect(api.sendMessage(channel.id, 'hi')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: need administrator rights in the channel chat' });
  });

  it('delivers channel posts to admin bots; a bot posts as the channel and may delete posts', async () => {
    const admin = await world();
    const plain = await world({ admin: false });
    await admin.drain();
    await plain.drain();
    const post = emu.postToChannel(admin.channel.id, 'Airdrop at example.com/drop');
    expect(post).not.toHaveProperty('from');
    expect(post.sender_chat).toMatchObject({ id: admin.channel.id, type: 'channel' });
    const [u] = await admin.drain();
    expect(u!.channel_post).toMatchObject({ message_id: post.message_id, text: 'Airdrop at example.com/drop', chat: { type: 'channel' } });
    emu.postToChannel(plain.channel.id, 'nothing for you');
    expect(await plain.drain()).toEqual([]);
    expect(() => emu.sendMessage(admin.fan.id, admin.channel.id, 'can I post?')).toThrow(/CHAT_WRITE_FORBIDDEN/);

    const own = await admin.api.sendMessage(admin.channel.id, 'Official');
    expect(own).not.toHaveProperty('from');
    expect(own.sender_chat).toMatchObject({ id: admin.channel.id });
    await admin.api.deleteMessage(admin.channel.id, post.message_id);
    expect(emu.isDeleted(admin.channel.id, post.message_id)).toBe(true);
    await admin.api.pinChatMessage(admin.channel.id, own.message_id);
    expect(emu.chat(admin.channel.id).pinnedMessageIds).toEqual([own.message_id]);
  });
});
