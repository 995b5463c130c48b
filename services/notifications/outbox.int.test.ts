import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { sleep, systemClock } from '../platform/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics, type Registry } from '../platform/metrics.js';
import { createNotifications, type Notifications, type OutboxMessage } from './index.js';
import { cid } from '../platform/telegram-ids.test-support.js';

// Against the Bot API emulator with its flood limits on: what a chat shows is what users would see.

let db: TestDatabase;
let r: TestRedis;
let emu: TelegramEmulator;
let metrics: Registry;
let n: Notifications;
let dispatcher: { stop(): Promise<void> };
let delivery: { close(): Promise<void> };
const tokens = new Map<number, string>();

const LEASE_MS = 3000;
// A short retry budget, so an outage that outlasts it is seen in seconds (the default is hours).
const RETRY_FOR_MS = 2500;
const startDelivery = () => n.startDelivery({ concurrency: 50, backoffMs: 100, retryForMs: RETRY_FOR_MS });

beforeAll(async () => {
  db = await freshDatabase('outbox');
  r = await freshRedis();
  emu = await startTelegramEmulator({ floodLimits: true });
  metrics = createMetrics({ defaults: false });
  n = createNotifications({
    clock: systemClock,
    db: db.dataSource,
    redis: r.redis,
    prefix: r.prefix,
    log: silentLogger(),
    metrics,
    sendApi: async (botId) => new Api(tokens.get(botId)!, { apiRoot: emu.apiRoot, timeoutSeconds: 20 }),
  });
  dispatcher = n.startDispatcher({ intervalMs: 50, leaseMs: LEASE_MS });
  delivery = startDelivery();
});
afterAll(async () => {
  await dispatcher?.stop();
  await delivery?.close();
  await n?.close();
  await emu?.close();
  await r?.cleanup();
  await db?.drop();
});

async function newBot(username: string) {
  const bot = await emu.createBot({ username });
  tokens.set(bot.id, bot.token);
  return bot;
}

/** A private chat whose user started the bot (otherwise Telegram answers 403). */
async function startedUser(botId: number, firstName: string): Promise<number> {
  const user = await emu.createUser({ firstName });
  await emu.startBot(user.id, botId);
  return user.id;
}

async function group(botId: number, title: string): Promise<number> {
  const owner = await emu.createUser({ firstName: `${title} owner` });
  const g = await emu.createGroup({ title, type: 'supergroup', ownerId: owner.id, memberIds: [] });
  await emu.addBotToGroup(g.id, botId, owner.id, { admin: true });
  return g.id;
}

/** The bot's messages as the chat shows them (a private chat is known by its user and bot). */
const texts = (botId: number, chatId: number): string[] =>
  emu.messages(chatId > 0 ? { userId: chatId, botId } : chatId, { fromBotsOnly: true }).map((m) => m.text ?? '');

const say = (botId: number, chatId: number, text: string): OutboxMessage => ({
  botId,
  chatId: cid(chatId),
  method: 'sendMessage',
  payload: { text },
});

async function enqueueAll(messages: OutboxMessage[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < messages.length; i += 200) {
    ids.push(...(await db.dataSource.transaction((tx) => n.enqueueMany(tx, messages.slice(i, i + 200)))));
  }
  return ids;
}

/** Polls the outbox until none of `ids` is pending (time-boxed so a broken outbox fails, not hangs). */
async function settled(ids: string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n: pending }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'pending'`,
      [ids],
    );
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} of ${ids.length} messages still pending`);
    await sleep(100);
  }
}

async function states(ids: string[]): Promise<Record<string, number>> {
  const rows: Array<{ state: string; n: number }> = await db.dataSource.query(
    `SELECT state, count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) GROUP BY state`,
    [ids],
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as Array<{ value: number; labels: Record<string, string | number> }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('outbox against the Telegram emulator (flood limits on)', () => {
  it('delivers 1,000 messages to 100 chats each exactly once and in order, pacing under the flood limits', async () => {
    const bot = await newBot('bulk_bot');
    const chats: number[] = [];
    for (let i = 0; i < 95; i++) chats.push(await startedUser(bot.id, `user${i}`));
    for (let i = 0; i < 5; i++) chats.push(await group(bot.id, `group${i}`));
    // Chat by chat: each chat's own limit is hit at once, the hardest order for the pacer.
    const messages = chats.flatMap((chatId) => Array.from({ length: 10 }, (_, k) => say(bot.id, chatId, `bulk ${chatId} #${k}`)));

    const ids = await enqueueAll(messages);
    await settled(ids);

    expect(await states(ids)).toEqual({ sent: 1000 });
    for (const chatId of chats) {
      // Each once, and in the order they were queued.
      expect(texts(bot.id, chatId)).toEqual(Array.from({ length: 10 }, (_, k) => `bulk ${chatId} #${k}`));
    }
    // Any 429 the emulator answered was waited out and retried: every message is there, none twice.
    expect(emu.stats().requests[bot.id]?.sendMessage).toBe(1000 + (emu.stats().tooManyRequestsByBot[bot.id] ?? 0));
    const first = await n.status(ids[0]!);
    expect(first).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
    expect((first!.result as { message_id: number }).message_id).toBeGreaterThan(0);
    expect(first!.finishedAt).not.toBeNull();
  }, 180_000);

  it('never sends a message whose transaction rolled back', async () => {
    const bot = await newBot('rollback_bot');
    const chat = await startedUser(bot.id, 'rolly');
    await expect(
      db.dataSource.transaction(async (tx) => {
        await n.enqueue(tx, say(bot.id, chat, 'rolled back'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow();
    const ids = await enqueueAll([say(bot.id, chat, 'committed')]);
    await settled(ids);
    // The committed message went out after the rolled-back one would have: had it existed, it would be there.
    expect(texts(bot.id, chat)).toEqual(['committed']);
  });

  it('fails a message to a user who blocked the bot, once, with the reason', async () => {
    const bot = await newBot('blocked_bot');
    const chat = await startedUser(bot.id, 'blocker');
    await emu.blockBot(chat, bot.id);
    const [id] = await enqueueAll([say(bot.id, chat, 'you will not see this')]);
    await settled([id!]);
    expect(await n.status(id!)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: '403: Forbidden: bot was blocked by the user',
    });
    expect(emu.stats().requests[bot.id]?.sendMessage).toBe(1);
    expect(await metricValue('warhorn_outbox_failed_total', { reason: 'blocked' })).toBe(1);
  });

  it('waits retry_after on a 429 and then delivers, without counting an attempt', async () => {
    const bot = await newBot('throttled_bot');
    const chat = await startedUser(bot.id, 'patient');
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 429, retryAfter: 1, times: 1 });
    const [id] = await enqueueAll([say(bot.id, chat, 'after the flood wait')]);
    await settled([id!]);
    expect(await n.status(id!)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(texts(bot.id, chat)).toEqual(['after the flood wait']);
    expect(emu.stats().requests[bot.id]?.sendMessage).toBe(2);
    expect(await metricValue('warhorn_outbox_throttled_total', { source: 'telegram' })).toBeGreaterThanOrEqual(1);
  });

  it('retries 5xx with backoff and delivers', async () => {
    const bot = await newBot('flaky_bot');
    const chat = await startedUser(bot.id, 'hopeful');
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 502, times: 2 });
    const [id] = await enqueueAll([say(bot.id, chat, 'third time lucky')]);
    await settled([id!]);
    expect(await n.status(id!)).toMatchObject({ state: 'sent', attempts: 3 });
    expect(texts(bot.id, chat)).toEqual(['third time lucky']);
  });

  it('fails a message as an outage when Telegram stays down past the retry budget, and sends it when re-driven', async () => {
    const bot = await newBot('broken_bot');
    const chat = await startedUser(bot.id, 'unlucky');
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 500 });
    const [id] = await enqueueAll([say(bot.id, chat, 'arrives after the outage')]);
    const since = new Date();
    await settled([id!]);
    const failed = await n.status(id!);
    expect(failed).toMatchObject({ state: 'failed', failedBy: 'outage', lastError: '500: Internal Server Error' });
    expect(failed!.attempts).toBeGreaterThan(2);
    expect(texts(bot.id, chat)).toEqual([]);

    // Telegram is back; the operator re-drives what the outage failed.
    emu.clearFaults();
    expect(await n.redrive(since)).toBe(1);
    await settled([id!]);
    expect(await n.status(id!)).toMatchObject({ state: 'sent' });
    expect(texts(bot.id, chat)).toEqual(['arrives after the outage']);
    // Refusals are not re-driven: Telegram would say the same again.
    expect(await n.redrive(since)).toBe(0);
  });

  it('follows a group that became a supergroup and sends there once', async () => {
    const bot = await newBot('migrating_bot');
    const owner = await emu.createUser({ firstName: 'founder' });
    const old = emu.createGroup({ title: 'old group', type: 'group', ownerId: owner.id });
    emu.addBotToGroup(old.id, bot.id, owner.id, { admin: true });
    const upgraded = emu.upgradeToSupergroup(old.id);
    const [id] = await enqueueAll([say(bot.id, old.id, 'to the new home')]);
    await settled([id!]);
    expect(await n.status(id!)).toMatchObject({ state: 'sent', chatId: upgraded.id, migratedFrom: old.id });
    expect(texts(bot.id, upgraded.id)).toEqual(['to the new home']);
  });

  it('loses nothing, sends nothing twice and keeps each chat in order when Redis loses the queue mid-way', async () => {
    const bot = await newBot('amnesia_bot');
    const chats = [await startedUser(bot.id, 'a'), await startedUser(bot.id, 'b'), await group(bot.id, 'amnesia')];
    const messages = chats.flatMap((chatId) => Array.from({ length: 8 }, (_, k) => say(bot.id, chatId, `amnesia ${chatId} #${k}`)));
    const ids = await enqueueAll(messages);
    // Let some go out, so the loss happens with rows sent, in flight and waiting for their pacing slot.
    for (let sent = 0; sent < 4; ) {
      await sleep(100);
      sent = (await states(ids)).sent ?? 0;
    }

    // Redis keeps nothing on disk: a restart drops the queue, the delayed jobs, the pacing keys, the locks.
    await delivery.close();
    let cursor = '0';
    do {
      const [next, keys] = await r.redis.scan(cursor, 'MATCH', `${r.prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.redis.del(...keys);
    } while (cursor !== '0');
    expect((await states(ids)).pending).toBeGreaterThan(0);
    delivery = startDelivery();

    await settled(ids);
    expect(await states(ids)).toEqual({ sent: messages.length });
    for (const chatId of chats) {
      expect(texts(bot.id, chatId)).toEqual(Array.from({ length: 8 }, (_, k) => `amnesia ${chatId} #${k}`));
    }
  }, 120_000);
});
