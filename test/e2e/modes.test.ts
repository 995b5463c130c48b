import { afterEach, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.js';

// The same bot works whether Telegram pushes updates (webhook) or we pull them (long polling with the runner),
// and in both modes it asks for the update types it needs, chat_member included (Telegram omits it otherwise).
describe('connecting to Telegram', () => {
  let t: TestPlatform | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('registers its webhook with the secret and the update types it needs', async () => {
    t = await startTestPlatform({ mode: 'webhook' });
    const info = t.emulator.webhookInfo(t.bot.id);
    expect(info.url).toBe(`${t.platform.config.PUBLIC_URL}/tg/${t.bot.id}`);
    expect(info.allowed_updates).toEqual(expect.arrayContaining(['message', 'callback_query', 'my_chat_member', 'chat_member']));
  });

  it('answers through long polling with the runner when BOT_MODE=polling', async () => {
    t = await startTestPlatform({ mode: 'polling' });
    expect(t.emulator.webhookInfo(t.bot.id).url).toBe('');
    const kim = t.emulator.createUser({ firstName: 'Kim' });
    await t.emulator.startBot(kim.id, t.bot.id);
    const welcome = await t.emulator.waitForMessage({ userId: kim.id, botId: t.bot.id }, (m) => m.from?.id === t!.bot.id, 15_000);
    expect(welcome.text).toMatch(/Hi Kim/);
  });
});
