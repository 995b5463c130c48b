import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { uid } from '../../services/platform/telegram-ids.test-support.js';

describe('a person talking to the bot in private', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers /start with a welcome that says what the bot does, and registers the person', async () => {
    const zoe = t.emulator.createUser({ firstName: 'Zoe', username: 'zoe' });
    await t.emulator.startBot(zoe.id, t.bot.id);
    const welcome = await t.emulator.waitForMessage(zoe.id, (m) => m.from?.id === t.bot.id, 15_000);
    expect(welcome.text).toMatch(/Hi Zoe/);
    expect(welcome.text).toMatch(/raids/);
    expect(welcome.text).toMatch(/points/);
    const user = await t.platform.users.get(uid(zoe.id));
    expect(user).toMatchObject({ telegramId: zoe.id, username: 'zoe', firstName: 'Zoe' });
  });

  it('tells a person that group commands belong in a group', async () => {
    const yan = t.emulator.createUser({ firstName: 'Yan' });
    await t.emulator.startBot(yan.id, t.bot.id);
    t.emulator.sendMessage(yan.id, t.bot.id, '/settings');
    await t.emulator.waitForMessage(yan.id, (m) => /works inside a group/.test(m.text ?? ''), 15_000);
  });

  it('answers a mistyped command with what it may have meant, and /help lists every command', async () => {
    const wes = t.emulator.createUser({ firstName: 'Wes' });
    await t.emulator.startBot(wes.id, t.bot.id);
    t.emulator.sendMessage(wes.id, t.bot.id, '/myrade');
    await t.emulator.waitForMessage(wes.id, (m) => /I don’t know \/myrade\. Did you mean \/myraid\?/.test(m.text ?? ''), 15_000);
    t.emulator.sendMessage(wes.id, t.bot.id, '/frobnicate');
    const unknown = await t.emulator.waitForMessage(wes.id, (m) => /I don’t know \/frobnicate/.test(m.text ?? ''), 15_000);
    expect(unknown.text).not.toMatch(/Did you mean/);
    t.emulator.sendMessage(wes.id, t.bot.id, '/help');
    const help = await t.emulator.waitForMessage(wes.id, (m) => /In a group/.test(m.text ?? ''), 15_000);
    for (const part of ['/blacklist', '/appeal', '/linkx @handle', '/linkwallet 0xAddress', 'pool=', 'bookmarks=', '/myraid', '/raidreport']) expect(help.text).toContain(part);
  });

  it('welcomes a person whose name carries a NUL character, which Postgres cannot store', async () => {
    const nul = t.emulator.createUser({ firstName: 'Nu\u0000la' });
    await t.emulator.startBot(nul.id, t.bot.id);
    await t.emulator.waitForMessage(nul.id, (m) => /Hi Nula/.test(m.text ?? ''), 15_000);
    expect(await t.platform.users.get(uid(nul.id))).toMatchObject({ firstName: 'Nula' });
  });

  it('processes an update posted twice to the webhook only once', async () => {
    const xia = t.emulator.createUser({ firstName: 'Xia' });
    await t.emulator.startBot(xia.id, t.bot.id);
    await t.emulator.waitForMessage(xia.id, (m) => /Hi Xia/.test(m.text ?? ''), 15_000);
    const update = {
      update_id: 900_000_001,
      message: {
        message_id: 4242,
        date: Math.floor(Date.now() / 1000),
        chat: { id: xia.id, type: 'private', first_name: 'Xia' },
        from: { id: xia.id, is_bot: false, first_name: 'Xia' },
        text: '/help',
        entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const post = () =>
      fetch(`${t.platform.url}/tg/${t.bot.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': t.secret },
        body: JSON.stringify(update),
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    await t.emulator.waitForMessage(xia.id, (m) => /\/set <key/.test(m.text ?? ''), 15_000);
    // Give a second (wrong) delivery every chance to show up before counting.
    await eventually(async () => (await pendingIds(t)).length === 0, 'the outbox to drain');
    const helps = t.emulator.messages(xia.id).filter((m) => /\/set &lt;key|\/set <key/.test(m.text ?? ''));
    expect(helps).toHaveLength(1);
    const outboxRows: Array<{ n: string }> = await t.platform.db.query(
      `SELECT count(*) AS n FROM notifications.outbox WHERE chat_id = $1 AND payload->>'text' LIKE '%/set &lt;key&gt;%'`,
      [xia.id],
    );
    expect(Number(outboxRows[0]!.n)).toBe(1);
  });

  it('refuses a webhook call without the right secret, before reading its body, and says nothing of unknown bots', async () => {
    const body = JSON.stringify({ update_id: 1 });
    const wrong = await fetch(`${t.platform.url}/tg/${t.bot.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' }, body });
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${t.platform.url}/tg/${t.bot.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(missing.status).toBe(401);
    // An unknown bot id looks the same as a wrong secret: probing tells nothing about which bots exist.
    const unknownBot = await fetch(`${t.platform.url}/tg/12345`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': t.secret }, body });
    expect(unknownBot.status).toBe(401);
    // The secret is checked before the body is read: a large body without it is refused as unauthorised.
    const big = await fetch(`${t.platform.url}/tg/${t.bot.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update_id: 2, pad: 'x'.repeat(900_000) }) });
    expect(big.status).toBe(401);
  });
});

async function pendingIds(t: TestPlatform): Promise<string[]> {
  const rows: Array<{ id: string }> = await t.platform.db.query(`SELECT id FROM notifications.outbox WHERE state = 'pending'`);
  return rows.map((r) => r.id);
}
