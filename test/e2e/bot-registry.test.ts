import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';

// A bot identity added after start is served without a restart: the registry announces it, the bot role
// sets its webhook, the api role resolves it on its first update and its answer leaves through the outbox
// as that bot. What the white-label issue builds on.
describe('a bot added to the registry while the platform runs', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ mode: 'webhook' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('gets its webhook, has its updates handled and answers as itself, with no restart', async () => {
    const brand = t.emulator.createBot({ username: `brand_${randomBytes(3).toString('hex')}_bot`, firstName: 'Brand Bot' });
    const added = await t.platform.registry.add({ token: brand.token });
    expect(added.me).toMatchObject({ id: brand.id, username: brand.username, first_name: 'Brand Bot', is_bot: true });
    const secret = added.webhookSecret;
    if (!secret) throw new Error('an added bot gets a webhook secret');

    await eventually(() => t.emulator.webhookInfo(brand.id).url === `${t.platform.config.PUBLIC_URL}/tg/${brand.id}`, 'the new bot’s webhook');
    expect(t.emulator.webhookInfo(brand.id).allowed_updates).toEqual(expect.arrayContaining(['message', 'callback_query', 'my_chat_member', 'chat_member']));

    // Telegram (the emulator) delivers to the new webhook with the new secret.
    const ada = t.emulator.createUser({ firstName: 'Ada' });
    await t.emulator.startBot(ada.id, brand.id);
    const welcome = await t.emulator.waitForMessage({ userId: ada.id, botId: brand.id }, (m) => m.from?.id === brand.id, 15_000);
    expect(welcome.text).toMatch(/Hi Ada/);

    // An update posted by hand to /tg/<id> with its secret: handled, answered by that bot through the outbox.
    const update = {
      update_id: 700_000_001,
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ada.id, type: 'private', first_name: 'Ada' },
        from: { id: ada.id, is_bot: false, first_name: 'Ada' },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const post = (token: string) =>
      fetch(`${t.platform.url}/tg/${brand.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token }, body: JSON.stringify(update) });
    expect((await post('not-its-secret')).status).toBe(401);
    // The main bot's secret does not open another bot's webhook.
    expect((await post(t.secret)).status).toBe(401);
    expect((await post(secret)).status).toBe(200);
    const help = await t.emulator.waitForMessage({ userId: ada.id, botId: brand.id }, (m) => /In a group/.test(m.text ?? ''), 15_000);
    expect(help.from?.id).toBe(brand.id);
    // The row is marked sent just after Telegram answered.
    const rows = await eventually(async () => {
      const found: Array<{ bot_id: string; state: string }> = await t.platform.db.query(
        `SELECT bot_id, state FROM notifications.outbox WHERE chat_id = $1 AND payload->>'text' LIKE '%In a group%'`,
        [ada.id],
      );
      return found.every((row) => row.state === 'sent') && found;
    }, 'the answer’s outbox row sent');
    expect(rows).toEqual([{ bot_id: String(brand.id), state: 'sent' }]);
    // The main bot was not the one that spoke.
    expect(t.emulator.messages({ userId: ada.id, botId: t.bot.id })).toEqual([]);
  });
});

describe('a bot added while the platform long-polls', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ mode: 'polling' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is polled from its announcement on, with no restart', async () => {
    const brand = t.emulator.createBot({ username: `poll_${randomBytes(3).toString('hex')}_bot`, firstName: 'Polled Brand' });
    await t.platform.registry.add({ token: brand.token });
    const bo = t.emulator.createUser({ firstName: 'Bo' });
    await t.emulator.startBot(bo.id, brand.id);
    const welcome = await t.emulator.waitForMessage({ userId: bo.id, botId: brand.id }, (m) => m.from?.id === brand.id, 15_000);
    expect(welcome.text).toMatch(/Hi Bo/);
    expect(t.emulator.webhookInfo(brand.id).url).toBe('');
  });
});
