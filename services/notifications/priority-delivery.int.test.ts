import { Queue } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator, type BotMessageEvent } from '../../testkit/telegram/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { sleep, systemClock } from '../platform/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createNotifications, type Notifications, type OutboxMessage, type OutboxPriority } from './index.js';
import { cid } from '../platform/telegram-ids.test-support.js';
import { queueOptions } from '../platform/queues.js';
import { jobIdOf } from './dispatcher.js';

// Priority as members see it, against the Bot API emulator: every assertion is on the order in which the
// emulator received the messages, never on how long anything took. The emulator's flood model is off and
// the chat and group limits are loosened (5 a second), so a group's thirty forwards take seconds, not a
// minute and a half; the bot's own limit (30 a second) is the real one, and it is what priority shares out.

let db: TestDatabase;
let r: TestRedis;
let emu: TelegramEmulator;
let n: Notifications;
let queue: Queue;
let stops: Array<() => Promise<void>> = [];
/** Every bot message the emulator accepted, in the order it accepted them. */
const received: BotMessageEvent[] = [];

beforeAll(async () => {
  db = await freshDatabase('outbox_priority_delivery');
  r = await freshRedis();
  emu = await startTelegramEmulator({ floodLimits: false });
  emu.on('bot-message', (e: BotMessageEvent) => received.push(e));
  const bot = emu.createBot({ username: 'priority_bot' });
  botId = bot.id;
  n = createNotifications({
    clock: systemClock,
    db: db.dataSource,
    redis: r.redis,
    prefix: r.prefix,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    sendApi: async () => new Api(bot.token, { apiRoot: emu.apiRoot, timeoutSeconds: 20 }),
    limits: { chat: { limit: 5, windowMs: 1000, burst: 1 }, group: { limit: 5, windowMs: 1000, burst: 1 } },
  });
  const dispatcher = n.startDispatcher({ intervalMs: 25, leaseMs: 10_000 });
  const delivery = n.startDelivery({ concurrency: 50 });
  queue = new Queue(n.queueName, queueOptions(r.redis, r.prefix));
  stops = [() => dispatcher.stop(), () => delivery.close(), () => queue.close()];
});
afterAll(async () => {
  for (const stop of stops) await stop();
  await n?.close();
  await emu?.close();
  await r?.cleanup();
  await db?.drop();
});

let botId = 0;
const say = (chatId: number, text: string, priority?: OutboxPriority): OutboxMessage => ({ botId, chatId: cid(chatId), method: 'sendMessage', payload: { text }, priority });
const queueAll = (messages: OutboxMessage[]) => db.dataSource.transaction((tx) => n.enqueueMany(tx, messages));
const count = async (sql: string, params: unknown[]) => ((await db.dataSource.query(sql, params)) as [{ n: number }])[0].n;
const untilNonePending = async (ids: string[]) => {
  while ((await count(`SELECT count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [ids])) > 0) await sleep(50);
};
const untilOneSent = async (ids: string[]) => {
  while ((await count(`SELECT count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'sent'`, [ids])) === 0) await sleep(10);
};
const textsIn = (chatId: number) => received.filter((e) => e.chatId === chatId).map((e) => e.message.text);

async function group(title: string): Promise<number> {
  const owner = emu.createUser({ firstName: `${title} owner` });
  const g = emu.createGroup({ title, type: 'supergroup', ownerId: owner.id, memberIds: [] });
  emu.addBotToGroup(g.id, botId, owner.id, { admin: true });
  return g.id;
}

async function startedUser(firstName: string): Promise<number> {
  const user = emu.createUser({ firstName });
  await emu.startBot(user.id, botId);
  return user.id;
}

describe('outbox priority, as the emulator receives it', () => {
  it('sends a raid card queued after thirty forwards in its group before the forwards still waiting, each once and in order', async () => {
    const chat = await group('busy feed');
    const forwards = await queueAll(Array.from({ length: 30 }, (_, i) => say(chat, `forward ${i}`, 'low')));
    await untilOneSent(forwards);
    const [card] = await queueAll([say(chat, 'raid card')]);
    // Forwards out (or done) just after the card committed: only these can go before it, and one more at
    // most, handed by a dispatcher whose snapshot predates the card and that commits after this count (a
    // chat has one message out at a time, so there is room for no second). Any forward handed later finds
    // the card first in the chat.
    const before = await count(
      `SELECT count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND (state <> 'pending' OR enqueued_at IS NOT NULL)`,
      [forwards],
    );
    expect(before).toBeLessThan(30); // the test means something: forwards were still waiting
    await untilNonePending([...forwards, card!]);

    const shown = textsIn(chat);
    expect(shown.indexOf('raid card')).toBeLessThanOrEqual(before + 1);
    expect(shown.filter((t) => t !== 'raid card')).toEqual(Array.from({ length: 30 }, (_, i) => `forward ${i}`));
    expect(shown).toHaveLength(31);
  }, 60_000);

  it('sends a normal message to one chat among the first few while 300 forwards to 100 chats wait for the bot', async () => {
    const chats: number[] = [];
    for (let i = 0; i < 100; i++) chats.push(await startedUser(`reader ${i}`));
    const alone = await startedUser('raider');
    const start = received.length;
    const forwards = await queueAll(chats.flatMap((chat) => [0, 1, 2].map((k) => say(chat, `forward ${k}`, 'low'))));
    // The forwards are out and being paced when the card comes: some have arrived, and every one handed out
    // has been taken by a worker (none waits for one), so the card is not simply taken before them.
    const waitingForWorker = async () => Object.values(await queue.getJobCounts('wait', 'prioritized')).reduce((a, b) => a + b, 0);
    while (received.length === start || (await waitingForWorker()) > 0) await sleep(5);
    const [card] = await queueAll([say(alone, 'raid card')]);
    // How many had arrived when a worker took the card: its place is counted from there. Before that it waits
    // for the dispatcher and for a free worker (first of the waiting jobs, by its BullMQ priority), and a slow
    // machine sends more forwards meanwhile; that is not what this test is about.
    // (A job is removed once done: should this poll miss it, the card's own place is the bound.)
    const pending = async () => (await count(`SELECT count(*)::int AS n FROM notifications.outbox WHERE id = $1 AND state = 'pending'`, [card])) > 0;
    while (!(await queue.getJob(jobIdOf(card!)))?.processedOn && (await pending())) await sleep(2);
    const arrivedWhenTaken = received.length - start;
    await untilNonePending([...forwards, card!]);

    const log = received.slice(start);
    const position = log.findIndex((e) => e.chatId === alone);
    // Low messages book at most lowAheadMs (500 ms, about 15 of the bot's slots) ahead, so the card's slot is
    // about 15 forwards away. Without that limit, it comes after every forward already taken by a worker
    // (here 70 to 100 of them).
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position - Math.min(arrivedWhenTaken, position)).toBeLessThan(40);
    expect(log).toHaveLength(301);
    for (const chat of chats) expect(textsIn(chat)).toEqual(['forward 0', 'forward 1', 'forward 2']);
  }, 120_000);

  it('never sends a low message whose transaction rolled back', async () => {
    const chat = await group('careful feed');
    await expect(
      db.dataSource.transaction(async (tx) => {
        await n.enqueue(tx, say(chat, 'rolled back forward', 'low'));
        throw new Error('the feed read failed');
      }),
    ).rejects.toThrow('the feed read failed');
    const ids = await queueAll([say(chat, 'forward', 'low'), say(chat, 'card')]);
    await untilNonePending(ids);
    // Both committed in one transaction, so the card (normal) went first; the rolled-back one never.
    expect(textsIn(chat)).toEqual(['card', 'forward']);
  });
});
