// What the X feeds end-to-end files share: a platform whose feeds poll every half second, an admin and a
// member, and groups made on the emulator with the bot as admin.
import { eventually, startTestPlatform, type TestPlatform } from './platform.js';
import { cid, uid } from '../../services/platform/telegram-ids.test-support.js';
import type { ChatId, TelegramUserId } from '../../services/platform/telegram-ids.js';

/** Fast polling; the mention cap's window and the KOL intervals shortened to seconds. */
export const FEEDS_ENV = {
  FEEDS_POLL_INTERVAL_MS: '500', FEEDS_MIN_INTERVAL_MS: '1000', FEEDS_MAX_INTERVAL_MS: '2000', FEEDS_MENTION_WINDOW_MS: '8000',
  KOLS_MIN_INTERVAL_MS: '1000', KOLS_MAX_INTERVAL_MS: '2000', RAID_VALIDATION_GRACE_MS: '500',
};

export interface FeedsWorld {
  t: TestPlatform;
  admin: TelegramUserId;
  member: TelegramUserId;
  /** The project's X account, and a fan who posts about it. */
  project: { id: string; username: string };
  fan: { id: string; username: string };
  group(title: string): Promise<ChatId>;
  botTexts(chat: ChatId): string[];
  botSays(chat: ChatId, pattern: RegExp, after?: number): ReturnType<TestPlatform['emulator']['waitForMessage']>;
}

export async function startFeedsWorld(): Promise<FeedsWorld> {
  const t = await startTestPlatform({ env: FEEDS_ENV });
  const admin = uid(t.emulator.createUser({ firstName: 'Ada', username: 'ada' }).id);
  const member = uid(t.emulator.createUser({ firstName: 'Mia', username: 'mia' }).id);
  let n = 0;
  return {
    t,
    admin,
    member,
    project: t.x.createUser({ username: 'warhorn_hq', name: 'Warhorn <HQ>', createdAt: new Date('2019-05-01'), followers: 90_000 }),
    fan: t.x.createUser({ username: 'fan_x', createdAt: new Date('2020-01-01'), followers: 500 }),
    async group(title) {
      const id = cid(t.emulator.createGroup({ title: `${title} ${++n}`, type: 'supergroup', ownerId: admin, memberIds: [member] }).id);
      t.emulator.addBotToGroup(id, t.bot.id, admin, { admin: true });
      await eventually(async () => (await t.platform.groups.get(id))?.active, 'the group to register');
      return id;
    },
    botTexts: (chat) => t.emulator.messages(chat).filter((m) => m.from?.id === t.bot.id).map((m) => m.text ?? ''),
    botSays: (chat, pattern, after = 0) => t.emulator.waitForMessage(chat, (m) => m.from?.id === t.bot.id && pattern.test(m.text ?? ''), 20_000, { afterMessageId: after }),
  };
}
