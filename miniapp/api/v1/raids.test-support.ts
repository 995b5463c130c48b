import { expect } from 'vitest';
import type { ChatMessage } from '../../../testkit/telegram/index.js';
import { eventually, type TestPlatform } from '../../../test/support/platform.js';
import { cid, uid } from '../../../services/platform/telegram-ids.test-support.js';

/** A member of the test groups with a linked X account (the linking flows have their own tests). */
export interface LinkedMember {
  tg: number;
  x: { id: string; username: string };
}

export async function linkedMember(t: TestPlatform, name: string, x: { createdAt?: Date; followers?: number } = {}): Promise<LinkedMember> {
  const tg = t.emulator.createUser({ firstName: name, username: `${name}_tg` }).id;
  const account = t.x.createUser({ username: `${name}_x`, createdAt: x.createdAt ?? new Date('2020-01-01'), followers: x.followers ?? 500 });
  await t.platform.users.touch({ id: tg, first_name: name, username: `${name}_tg` }, t.bot.id);
  expect(await t.platform.users.linkXAccount(uid(tg), account, 'oauth')).toMatchObject({ ok: true });
  return { tg, x: account };
}

/** A supergroup the bot administers, registered, its owner `ownerId` in the synced admin list. */
export async function groupWithBot(t: TestPlatform, title: string, ownerId: number, memberIds: number[]): Promise<number> {
  const chatId = t.emulator.createGroup({ title, type: 'supergroup', ownerId, memberIds }).id;
  t.emulator.addBotToGroup(chatId, t.bot.id, ownerId, { admin: true });
  await eventually(async () => (await t.platform.groups.get(cid(chatId)))?.active, 'the group to register');
  await eventually(async () => (await t.platform.groups.admins(cid(chatId))).some((a) => a.userId === ownerId), 'the owner in the synced admin list');
  return chatId;
}

/** The raid card the bot posted in the group. */
export const raidCard = (t: TestPlatform, chatId: number, raidId: string): Promise<ChatMessage> =>
  t.emulator.waitForMessage(chatId, (m) => m.from?.id === t.bot.id && /RAID (LIVE|ENDED)/.test(m.text ?? '') && JSON.stringify(m.reply_markup ?? {}).includes(`raid:claim:${raidId}`), 20_000);

/** A member presses "I raided" on the raid's card. */
export async function claim(t: TestPlatform, chatId: number, raidId: string, member: LinkedMember): Promise<void> {
  const card = await raidCard(t, chatId, raidId);
  const pressed = await t.emulator.pressButton(member.tg, chatId, card.message_id, `raid:claim:${raidId}`);
  expect(pressed.answer?.text).toMatch(/Claim recorded/);
}
