import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, TEST_REDIS_URL, type TestRedis } from '../../test/support/redis.js';
import { eventually } from '../../test/support/platform.js';
import { silentLogger } from '../platform/logger.js';
import { createTokenCipher } from '../platform/token-cipher.js';
import { createRedis, type Redis } from '../platform/redis.js';
import { BotAlreadyRegisteredError, BotIdentityMismatchError, BotNotServedError, UnknownBotError, createBotRegistry, type BotRegistry } from './index.js';

// Two registries over one database and one Redis prefix stand for two processes of one deployment.
let db: TestDatabase;
let r: TestRedis;
let emu: TelegramEmulator;
const subscribers: Redis[] = [];
const registries: BotRegistry[] = [];

async function registry(cacheSize?: number, reloadMs?: number): Promise<{ registry: BotRegistry; subscriber: Redis }> {
  const subscriber = createRedis(TEST_REDIS_URL, 'warhorn-test-registry');
  subscribers.push(subscriber);
  const made = await createBotRegistry({ db: db.dataSource, redis: r.redis, subscriber, prefix: r.prefix, log: silentLogger(), defaultApiRoot: emu.apiRoot, cipher, ...(cacheSize ? { cacheSize } : {}), ...(reloadMs ? { reloadMs } : {}) });
  registries.push(made);
  return { registry: made, subscriber };
}

// Every process of a deployment has the same key.
const cipher = createTokenCipher({ id: 'k1', key: randomBytes(32) });
const newBot = () => emu.createBot({ username: `reg_${randomBytes(3).toString('hex')}_bot`, firstName: 'Registry Test' });
/** Changes a row behind every registry's back: no announcement, as a missed one would leave it. */
const changeSecretQuietly = (botId: number, secret: string) => db.dataSource.query(`UPDATE bot_registry.bots SET webhook_secret = $2 WHERE id = $1`, [botId, secret]);

beforeAll(async () => {
  db = await freshDatabase('bot_registry');
  r = await freshRedis();
  emu = await startTelegramEmulator({ floodLimits: false });
});
afterAll(async () => {
  for (const made of registries) await made.close();
  for (const subscriber of subscribers) subscriber.disconnect();
  await emu.close();
  await r.cleanup();
  await db.drop();
});

describe('the bot registry', () => {
  it("keeps Telegram's getMe answer with the row: resolving never asks again", async () => {
    const { registry: a } = await registry();
    const bot = newBot();
    const added = await a.add({ token: bot.token });
    const asked = await new Api(bot.token, { apiRoot: emu.apiRoot }).getMe();
    expect(added.me).toEqual(asked);
    expect(added.webhookSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // From now on getMe fails for this bot; a process that never saw it still has the whole answer.
    emu.injectFault({ botId: bot.id, method: 'getMe', status: 500 });
    try {
      const { registry: b } = await registry();
      expect(await b.resolve(bot.id)).toEqual({ id: bot.id, token: bot.token, apiRoot: emu.apiRoot, me: asked, webhookSecret: added.webhookSecret, source: 'added', status: 'active', modules: ['raids'], branding: {} });
    } finally {
      emu.clearFaults();
    }
  });

  it('serves a resolved bot from its cache, and a change made through one process reaches the others through Redis', async () => {
    const { registry: a } = await registry();
    const { registry: b } = await registry();
    const bot = newBot();
    // Unknown, and the answer is kept too (a probe of /tg/<id> does not read Postgres every time).
    expect(await b.resolve(bot.id)).toBeUndefined();
    await expect(b.api(bot.id)).rejects.toBeInstanceOf(UnknownBotError);
    const added = await a.add({ token: bot.token });
    const seen = await eventually(() => b.resolve(bot.id), 'the added bot in the other process');
    expect(seen.webhookSecret).toBe(added.webhookSecret);

    await changeSecretQuietly(bot.id, 'changed-behind-its-back');
    expect((await b.resolve(bot.id))?.webhookSecret).toBe(added.webhookSecret);

    await a.add({ token: bot.token, webhookSecret: 'rotated-through-a' });
    await eventually(async () => (await b.resolve(bot.id))?.webhookSecret === 'rotated-through-a', 'the rotated secret in the other process');
  });

  it('forgets everything after its subscriber reconnects, since an announcement may have been missed', async () => {
    const { registry: b, subscriber } = await registry();
    const bot = newBot();
    const added = await b.add({ token: bot.token });
    expect((await b.resolve(bot.id))?.webhookSecret).toBe(added.webhookSecret);
    await changeSecretQuietly(bot.id, 'changed-while-away');
    subscriber.disconnect(true);
    await eventually(async () => (await b.resolve(bot.id))?.webhookSecret === 'changed-while-away', 'the row read again after the reconnect');
  });

  it('keeps at most its bound of bots, forgetting the least recently used', async () => {
    const { registry: a } = await registry();
    const bots = [newBot(), newBot(), newBot()];
    for (const bot of bots) await a.add({ token: bot.token, webhookSecret: 'first' });
    const { registry: small } = await registry(2);
    const [oldest, middle, newest] = bots.map((bot) => bot.id) as [number, number, number];
    for (const id of [oldest, middle, newest]) expect((await small.resolve(id))?.webhookSecret).toBe('first');
    for (const id of [oldest, newest]) await changeSecretQuietly(id, 'second');
    // The oldest was pushed out by the third and is read again; the newest is still kept.
    expect((await small.resolve(oldest))?.webhookSecret).toBe('second');
    expect((await small.resolve(newest))?.webhookSecret).toBe('first');
  });

  it('makes per-bot objects once and again after the bot changed', async () => {
    const { registry: a } = await registry();
    const bot = newBot();
    await a.add({ token: bot.token });
    let made = 0;
    const perBot = a.perBot((resolved) => ({ n: ++made, secret: resolved.webhookSecret }));
    const first = await perBot.get(bot.id);
    expect(await perBot.get(bot.id)).toBe(first);
    await a.add({ token: bot.token, webhookSecret: 'after-rotation' });
    const again = await perBot.get(bot.id);
    expect(again).toEqual({ n: 2, secret: 'after-rotation' });
    await expect(perBot.get(999_999_999)).rejects.toBeInstanceOf(UnknownBotError);
  });

  it("refuses a token whose getMe answers another bot's id, and stores nothing", async () => {
    const { registry: a } = await registry();
    const pasted = newBot();
    const other = newBot();
    // A Bot API root that answers every getMe as another bot (someone else's proxy).
    const proxy: Server = createServer((req, res) => {
      void fetch(`${emu.apiRoot}/bot${other.token}/getMe`).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const apiRoot = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const refused = a.add({ token: pasted.token, apiRoot });
      await expect(refused).rejects.toBeInstanceOf(BotIdentityMismatchError);
      await expect(refused).rejects.toThrow(`getMe answered bot ${other.id}, but the token names bot ${pasted.id}`);
      expect(await a.resolve(pasted.id)).toBeUndefined();
      expect(await a.list()).not.toContain(pasted.id);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('serves as main bot the one BOT_TOKEN names now, refreshing its row and keeping added bots', async () => {
    const { registry: a } = await registry();
    const { registry: b } = await registry();
    const first = newBot();
    const added = newBot();
    const config = { token: first.token, apiRoot: emu.apiRoot, webhookSecret: 'main-secret', updateEpoch: 'run-1' };
    const main = await a.registerMain(config);
    expect(main).toMatchObject({ id: first.id, webhookSecret: 'main-secret', updateEpoch: 'run-1', me: { id: first.id, username: first.username } });
    await a.add({ token: added.token });
    // Another process of the same deployment: the same configuration.
    await b.registerMain(config);
    expect(await b.resolve(first.id)).toMatchObject({ token: first.token, updateEpoch: 'run-1' });
    // The main bot's token and secret stay in the configuration; an added bot's row holds its own.
    const rows = (await db.dataSource.query(`SELECT id::text AS id, token, token_sealed, token_key_id, webhook_secret FROM bot_registry.bots ORDER BY id`)) as Array<{ id: string; token: string | null; token_sealed: string | null; token_key_id: string | null; webhook_secret: string | null }>;
    expect(rows.find((r) => r.id === String(first.id))).toMatchObject({ token: null, token_sealed: null, webhook_secret: null });
    // An added bot's token is sealed: nothing of it in clear in the row.
    const addedRow = rows.find((r) => r.id === String(added.id))!;
    expect(addedRow).toMatchObject({ token: null, token_key_id: 'k1' });
    expect(JSON.stringify(addedRow)).not.toContain(added.token.split(':')[1]!);
    // The next start: same bot, its configuration changed (no epoch now), then another bot altogether.
    expect(await a.registerMain({ token: first.token, apiRoot: emu.apiRoot, webhookSecret: 'main-secret' })).not.toHaveProperty('updateEpoch');
    const second = newBot();
    await a.registerMain({ token: second.token, apiRoot: emu.apiRoot, webhookSecret: 'main-secret' });
    await eventually(async () => (await b.resolve(first.id)) === undefined, 'the former main bot gone from the other process');
    // A process still on the old configuration cannot act as the new main bot: it does not have its token.
    expect(await b.resolve(second.id)).toBeUndefined();
    expect((await a.resolve(second.id))?.me.username).toBe(second.username);
    expect(await b.resolve(added.id)).toBeDefined();
    await expect(a.add({ token: second.token })).rejects.toThrow(/main bot/);
  });

  it('refuses a token registered already when the caller asks for a new bot, and lists an owner’s bots', async () => {
    const { registry: a } = await registry();
    const bot = newBot();
    await a.add({ token: bot.token, ownerId: 555_001, modules: ['raids', 'moderation'], branding: { displayName: 'Mine' }, mustBeNew: true });
    await expect(a.add({ token: bot.token, ownerId: 555_002, mustBeNew: true })).rejects.toBeInstanceOf(BotAlreadyRegisteredError);
    expect((await a.ownedBy(555_001)).map((p) => [p.id, p.modules, p.branding.displayName])).toEqual([[bot.id, ['raids', 'moderation'], 'Mine']]);
    expect(await a.ownedBy(555_002)).toEqual([]);
  });

  it('stops serving a disabled bot in every process, and a removed one loses its token but keeps its row', async () => {
    const { registry: a } = await registry();
    const { registry: b } = await registry();
    const bot = newBot();
    await a.add({ token: bot.token, ownerId: 555_003 });
    await b.api(bot.id);
    expect(await b.list()).toContain(bot.id);
    expect(await a.disable(bot.id, 'Telegram refused the token')).toBe(true);
    expect(await a.disable(bot.id, 'again')).toBe(false);
    await eventually(async () => (await b.resolve(bot.id))?.status === 'disabled', 'the other process to see the bot disabled');
    await expect(b.api(bot.id)).rejects.toBeInstanceOf(BotNotServedError);
    await expect(b.sendApi(bot.id)).rejects.toBeInstanceOf(BotNotServedError);
    expect(await b.list()).not.toContain(bot.id);
    expect(await b.profile(bot.id)).toMatchObject({ status: 'disabled', statusReason: 'Telegram refused the token' });

    expect(await a.remove(bot.id, 'removed by its owner')).toBe(true);
    const [row] = (await db.dataSource.query(`SELECT token, token_sealed, token_key_id, webhook_secret, status FROM bot_registry.bots WHERE id = $1`, [bot.id])) as Array<Record<string, unknown>>;
    expect(row).toEqual({ token: null, token_sealed: null, token_key_id: null, webhook_secret: null, status: 'removed' });
    await eventually(async () => (await b.resolve(bot.id)) === undefined, 'the other process to forget the removed bot');
    expect(await a.ownedBy(555_003)).toEqual([]);
  });

  it('finds a change whose announcement was lost by reloading the directory', async () => {
    const { registry: a } = await registry(undefined, 100);
    const bot = newBot();
    const added = await a.add({ token: bot.token });
    expect((await a.resolve(bot.id))?.webhookSecret).toBe(added.webhookSecret);
    await db.dataSource.query(`UPDATE bot_registry.bots SET webhook_secret = 'changed-quietly', updated_at = now() + interval '1 second' WHERE id = $1`, [bot.id]);
    await eventually(async () => (await a.resolve(bot.id))?.webhookSecret === 'changed-quietly', 'the reload to find the change');
  });
});
