// Token revocation as BotFather's /revoke does it: the old token answers 401 everywhere, webhook deliveries stop.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from './index.js';

let emu: TelegramEmulator;
beforeAll(async () => {
  emu = await startTelegramEmulator({ floodLimits: false, webhookRetryMs: 20 });
});
afterAll(() => emu.close());

let n = 0;
function botAndUser() {
  n++;
  const bot = emu.createBot({ username: `revoked${n}_bot` });
  const ann = emu.createUser({ firstName: 'Ann' });
  return { bot, ann };
}

async function hookTarget(): Promise<{ server: Server; url: string; hits: unknown[] }> {
  const hits: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      hits.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('revokeToken / regenerateToken', () => {
  it('answers 401 Unauthorized to the revoked token for every method and for files', async () => {
    const { bot, ann } = botAndUser();
    await emu.startBot(ann.id, bot.id);
    const api = new Api(bot.token, { apiRoot: emu.apiRoot });
    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id });
    emu.revokeToken(bot.id);
    for (const call of [() => api.getMe(), () => api.sendMessage(ann.id, 'hi'), () => api.getUpdates()]) {
      await expect(call()).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
    }
    const file = await fetch(`${emu.apiRoot}/file/bot${bot.token}/documents/x.txt`);
    expect(file.status).toBe(401);
    expect(emu.tokenOf(bot.id)).toBe('');
  });

  it('gives a fresh token for the same bot id; the old one stays refused; queued updates are kept', async () => {
    const { bot, ann } = botAndUser();
    await emu.startBot(ann.id, bot.id);
    const fresh = emu.regenerateToken(bot.id);
    expect(fresh).not.toBe(bot.token);
    expect(fresh.split(':')[0]).toBe(String(bot.id));
    expect(fresh.split(':')[1]).toHaveLength(35);
    await expect(new Api(bot.token, { apiRoot: emu.apiRoot }).getMe()).rejects.toBeInstanceOf(GrammyError);
    const api = new Api(fresh, { apiRoot: emu.apiRoot });
    await expect(api.getMe()).resolves.toMatchObject({ id: bot.id, username: bot.username });
    expect((await api.getUpdates()).map((u) => u.message?.text)).toEqual(['/start']);
    // a revoked-then-regenerated bot works again
    emu.revokeToken(bot.id);
    const third = emu.regenerateToken(bot.id);
    await expect(new Api(third, { apiRoot: emu.apiRoot }).sendMessage(ann.id, 'back')).resolves.toMatchObject({ text: 'back' });
  });

  it('ends a long poll in progress with 401', async () => {
    const { bot } = botAndUser();
    const api = new Api(bot.token, { apiRoot: emu.apiRoot });
    const poll = api.getUpdates({ timeout: 5 });
    await sleep(30);
    emu.revokeToken(bot.id);
    await expect(poll).rejects.toMatchObject({ error_code: 401 });
  });

  it('stops webhook deliveries', async () => {
    const { bot, ann } = botAndUser();
    const target = await hookTarget();
    try {
      const api = new Api(bot.token, { apiRoot: emu.apiRoot });
      await api.setWebhook(target.url);
      await emu.startBot(ann.id, bot.id);
      await expect.poll(() => target.hits.length).toBe(1);
      const fresh = emu.regenerateToken(bot.id);
      emu.sendMessage(ann.id, bot.id, 'after revoke');
      await sleep(100);
      expect(target.hits).toHaveLength(1);
      const info = await new Api(fresh, { apiRoot: emu.apiRoot }).getWebhookInfo();
      expect(info).toMatchObject({ url: '', pending_update_count: 1 });
    } finally {
      target.server.close();
    }
  });

  it('works over the driver HTTP endpoints', async () => {
    const { bot } = botAndUser();
    const res = await fetch(`${emu.apiRoot}/driver/bots/regenerate`, { method: 'POST', body: JSON.stringify({ botId: bot.id }) });
    const { result } = (await res.json()) as { result: { token: string } };
    await expect(new Api(result.token, { apiRoot: emu.apiRoot }).getMe()).resolves.toMatchObject({ id: bot.id });
    await fetch(`${emu.apiRoot}/driver/bots/revoke`, { method: 'POST', body: JSON.stringify({ botId: bot.id }) });
    await expect(new Api(result.token, { apiRoot: emu.apiRoot }).getMe()).rejects.toMatchObject({ error_code: 401 });
  });
});
