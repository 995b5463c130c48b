// Getting updates: getUpdates (offset, limit, long polling, allowed_updates, conflicts), a grammY Bot
// polling for real, and webhook delivery with the secret header and retries.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, Bot, webhookCallback } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
beforeAll(async () => {
  emu = await startTelegramEmulator({ floodLimits: false, webhookRetryMs: 20 });
});
afterAll(() => emu.close());

function setup(name: string) {
  const bot = emu.createBot({ username: `${name}_bot` });
  const user = emu.createUser({ firstName: name });
  return { bot, user, api: new Api(bot.token, { apiRoot: emu.apiRoot }) };
}

describe('getUpdates', () => {
  it('numbers updates upwards, keeps them until confirmed by offset, and honours limit', async () => {
    const { bot, user, api } = setup('offset');
    await emu.startBot(user.id, bot.id);
    for (const t of ['one', 'two', 'three']) emu.sendMessage(user.id, bot.id, t);
    const all = await api.getUpdates();
    expect(all.map((u) => u.message?.text)).toEqual(['/start', 'one', 'two', 'three']);
    expect(all.map((u) => u.update_id)).toEqual([...all.map((u) => u.update_id)].sort((a, b) => a - b));
    expect((await api.getUpdates()).length).toBe(4); // not confirmed yet
    const two = await api.getUpdates({ offset: all[1]!.update_id, limit: 2 });
    expect(two.map((u) => u.message?.text)).toEqual(['one', 'two']);
    const rest = await api.getUpdates({ offset: all[3]!.update_id + 1 });
    expect(rest).toEqual([]);
  });

  it('holds a long poll until an update arrives', async () => {
    const { bot, user, api } = setup('longpoll');
    const polling = api.getUpdates({ timeout: 10 });
    await new Promise((r) => setTimeout(r, 30));
    await emu.startBot(user.id, bot.id);
    const updates = await polling;
    expect(updates[0]?.message?.text).toBe('/start');
  });

  it('remembers allowed_updates until changed; chat_member is off by default', async () => {
    const { bot, user, api } = setup('allowed');
    const owner = emu.createUser({ firstName: 'Owner' });
    const group = emu.createGroup({ title: 'G', type: 'supergroup', ownerId: owner.id });
    emu.addBotToGroup(group.id, bot.id, owner.id, { admin: true });
    emu.addMember(group.id, user.id);
    const first = await api.getUpdates();
    expect(first.some((u) => u.chat_member)).toBe(false);
    expect(first.some((u) => u.my_chat_member)).toBe(true);
    await api.getUpdates({ offset: first.at(-1)!.update_id + 1, allowed_updates: ['chat_member'] });
    emu.leaveChat(group.id, user.id);
    emu.sendMessage(owner.id, group.id, 'only chat_member updates should be queued');
    const later = await api.getUpdates(); // no allowed_updates: the previous setting still applies
    expect(later.map((u) => Object.keys(u).filter((k) => k !== 'update_id')[0])).toEqual(['chat_member']);
    expect(later[0]!.chat_member).toMatchObject({ old_chat_member: { status: 'member' }, new_chat_member: { status: 'left', user: { id: user.id } } });
  });

  it('answers 409 to getUpdates while a webhook is set, and to the older of two concurrent polls', async () => {
    const { api } = setup('conflict');
    const older = api.getUpdates({ timeout: 10 });
    await new Promise((r) => setTimeout(r, 20));
    const newer = api.getUpdates({ timeout: 0 });
    await expect(older).rejects.toMatchObject({
      error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    await expect(newer).resolves.toEqual([]);
    await api.setWebhook('http://127.0.0.1:9/hook');
    await expect(api.getUpdates()).rejects.toMatchObject({
      error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    await api.deleteWebhook();
    await expect(api.getUpdates()).resolves.toEqual([]);
  });
});

describe('grammY Bot with long polling', () => {
  it('receives /start and replies through the emulator', async () => {
    const { bot: b, user } = setup('poller');
    const bot = new Bot(b.token, { client: { apiRoot: emu.apiRoot } });
    bot.command('start', (ctx) => ctx.reply(`Welcome, ${ctx.from?.first_name}! Code: ${ctx.match}`));
    void bot.start({ timeout: 1 });
    try {
      await emu.startBot(user.id, b.id, 'abc');
      const reply = await emu.waitForMessage(b.id, (m) => m.text?.startsWith('Welcome') ?? false, 5000);
      expect(reply.text).toBe('Welcome, poller! Code: abc');
    } finally {
      await bot.stop();
    }
  });
});

interface Hit { headers: IncomingHttpHeaders; body: { update_id: number; message?: { text?: string } } }

async function webhookTarget(fail: number): Promise<{ server: Server; url: string; hits: Hit[]; next: () => Promise<void> }> {
  const hits: Hit[] = [];
  let waiting: (() => void) | undefined;
  let failures = fail;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: JSON.parse(raw) });
      if (failures-- > 0) res.writeHead(500).end('boom');
      else res.writeHead(200).end('{}');
      waiting?.();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { server, url, hits, next: () => new Promise((r) => (waiting = r)) };
}

describe('webhooks', () => {
  it('POSTs updates with the secret header and retries the same update after a 500', async () => {
    const { bot, user, api } = setup('hooked');
    const target = await webhookTarget(1);
    try {
      expect(await api.setWebhook(target.url, { secret_token: 'S3cret_-x', max_connections: 1 })).toBe(true);
      await emu.startBot(user.id, bot.id);
      while (target.hits.length < 2) await target.next();
      expect(target.hits[0]!.headers['x-telegram-bot-api-secret-token']).toBe('S3cret_-x');
      expect(target.hits[0]!.headers['content-type']).toBe('application/json');
      expect(target.hits[1]!.body).toEqual(target.hits[0]!.body); // same update_id again
      expect(target.hits[1]!.body.message?.text).toBe('/start');
      let info = await api.getWebhookInfo();
      for (let i = 0; i < 50 && info.pending_update_count > 0; i++) {
        await new Promise((r) => setTimeout(r, 10));
        info = await api.getWebhookInfo();
      }
      expect(info).toMatchObject({
        url: target.url, pending_update_count: 0, max_connections: 1,
        last_error_message: 'Wrong response from the webhook: 500 Internal Server Error', last_error_date: expect.any(Number),
      });
    } finally {
      await api.deleteWebhook();
      target.server.closeAllConnections();
      target.server.close();
    }
  });

  it('keeps updates pending while the target is down and reports the error', async () => {
    const { bot, user, api } = setup('downhook');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    await api.setWebhook(`http://127.0.0.1:${port}/nothing-listens-here`);
    await emu.startBot(user.id, bot.id);
    let info = await api.getWebhookInfo();
    for (let i = 0; i < 50 && !info.last_error_message; i++) {
      await new Promise((r) => setTimeout(r, 10));
      info = await api.getWebhookInfo();
    }
    expect(info).toMatchObject({ pending_update_count: 1, last_error_message: 'Connection refused' });
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getWebhookInfo()).toEqual({ url: '', has_custom_certificate: false, pending_update_count: 0 });
  });

  it('drives a grammY webhookCallback end to end, secret checked by grammY', async () => {
    const { bot: b, user } = setup('grammyhook');
    const bot = new Bot(b.token, { client: { apiRoot: emu.apiRoot } });
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.init();
    const server = createServer(webhookCallback(bot, 'http', { secretToken: 'grammy_secret' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { secret_token: 'grammy_secret' });
      emu.sendMessage(user.id, b.id, 'ping');
      const reply = await emu.waitForMessage(b.id, (m) => m.text === 'echo: ping', 5000);
      expect(reply.from?.id).toBe(b.id);
    } finally {
      await bot.api.deleteWebhook();
      server.closeAllConnections();
      server.close();
    }
  });

  it('validates the secret token', async () => {
    const { api } = setup('secret');
    await expect(api.setWebhook('http://127.0.0.1:9/x', { secret_token: 'no spaces!' })).rejects.toMatchObject({
      error_code: 400, description: 'Bad Request: secret token contains unallowed characters',
    });
  });
});
