// Flood limits, fault injection, statistics, and the driver over HTTP.
import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloodControl } from './flood.js';
import { startTelegramEmulator, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
beforeAll(async () => {
  emu = await startTelegramEmulator(); // flood limits on, as by default
});
afterAll(() => emu.close());

let n = 0;
function pair() {
  n++;
  const bot = emu.createBot({ username: `limits${n}_bot` });
  const user = emu.createUser({ firstName: `U${n}` });
  return { bot, user, api: new Api(bot.token, { apiRoot: emu.apiRoot }) };
}

describe('flood control', () => {
  it('answers 429 with retry_after once a chat burst is spent, and counts it', async () => {
    emu.setFloodLimits({ perChatBurst: 2, perChatPerSecond: 0.01 });
    try {
      const { bot, user, api } = pair();
      await emu.startBot(user.id, bot.id);
      await api.sendMessage(user.id, 'one');
      await api.sendMessage(user.id, 'two');
      const err = await api.sendMessage(user.id, 'three').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrammyError);
      const g = err as GrammyError;
      expect(g.error_code).toBe(429);
      expect(g.description).toMatch(/^Too Many Requests: retry after \d+$/);
      expect(g.parameters.retry_after).toBeGreaterThanOrEqual(1);
      expect(g.description).toBe(`Too Many Requests: retry after ${g.parameters.retry_after}`);
      const stats = emu.stats();
      expect(stats.messagesAccepted[user.id]).toBe(2);
      expect(stats.tooManyRequestsByBot[bot.id]).toBe(1);
      expect(stats.requests[bot.id]?.sendMessage).toBe(3);
    } finally {
      emu.setFloodLimits(true);
    }
  });

  it('models a per-chat bucket, 20 messages per minute per group and 30 per second per bot', () => {
    const f = new FloodControl();
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => f.take(1, 5, false, t0))).toEqual([0, 0, 0]);
    expect(f.take(1, 5, false, t0)).toBe(1); // burst of 3 spent, 1 token per second
    expect(f.take(1, 5, false, t0 + 1000)).toBe(0);

    const g = new FloodControl();
    for (let i = 0; i < 20; i++) expect(g.take(1, -7, true, t0 + i * 1500)).toBe(0);
    expect(g.take(1, -7, true, t0 + 20 * 1500)).toBe(30); // the first of the 20 leaves the window at t0+60s

    const b = new FloodControl();
    for (let chat = 1; chat <= 30; chat++) expect(b.take(1, chat, false, t0)).toBe(0);
    expect(b.take(1, 31, false, t0)).toBe(1);
    expect(b.take(2, 31, false, t0)).toBe(0); // other bots are not affected

    const off = new FloodControl();
    off.configure(false);
    for (let i = 0; i < 100; i++) expect(off.take(1, 5, false, t0)).toBe(0);
  });
});

describe('fault injection', () => {
  it('fails the next N calls of a method with the chosen error, then recovers', async () => {
    const { bot, user, api } = pair();
    await emu.startBot(user.id, bot.id);
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 502, times: 2 });
    await expect(api.sendMessage(user.id, 'x')).rejects.toMatchObject({ error_code: 502, description: 'Bad Gateway' });
    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id }); // other methods unaffected
    await expect(api.sendMessage(user.id, 'x')).rejects.toMatchObject({ error_code: 502 });
    await expect(api.sendMessage(user.id, 'x')).resolves.toMatchObject({ text: 'x' });
    emu.injectFault({ botId: bot.id, status: 429, retryAfter: 7, times: 1 });
    await expect(api.getMe()).rejects.toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
  });

  it('repeats the same probabilistic failures for the same seed', async () => {
    const { bot, api } = pair();
    const run = async () => {
      emu.clearFaults();
      emu.injectFault({ botId: bot.id, status: 500, probability: 0.5, seed: 42 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++) outcomes.push(await api.getMe().then(() => true, () => false));
      return outcomes;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first).toContain(true);
    expect(first).toContain(false);
    emu.clearFaults();
  });
});

describe('driver over HTTP', () => {
  it('creates a world, acts as a person and reads the chat', async () => {
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${emu.apiRoot}/driver/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await res.json()) as { ok: boolean; result: any; error?: string };
    };
    const bot = (await post('bots', { username: 'http_driver_bot' })).result;
    const user = (await post('users', { firstName: 'Sandy' })).result;
    expect((await post('start', { userId: user.id, botId: bot.id, payload: 'hi' })).result.text).toBe('/start hi');
    const api = new Api(bot.token, { apiRoot: emu.apiRoot });
    await api.sendMessage(user.id, 'Hello Sandy', { reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] } });
    const list = await (await fetch(`${emu.apiRoot}/driver/messages?userId=${user.id}&botId=${bot.id}`)).json() as { result: Array<{ text: string; message_id: number }> };
    expect(list.result.map((m) => m.text)).toEqual(['/start hi', 'Hello Sandy']);
    const press = await post('press', { userId: user.id, chatId: bot.id, messageId: list.result[1]!.message_id, data: 'go', timeoutMs: 10 });
    expect(press.result.callbackQueryId).toEqual(expect.any(String));
    const feed = await (await fetch(`${emu.apiRoot}/driver/events?after=0`)).json() as { result: Array<{ botId: number; message: { text: string } }> };
    expect(feed.result.filter((e) => e.botId === bot.id).map((e) => e.message.text)).toEqual(['Hello Sandy']);
    const bad = await post('send', { userId: user.id, chatId: -1, text: 'x' });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('no group') });
  });
});
