import { Queue } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import type { Clock } from '../platform/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { queueOptions } from '../platform/queues.js';
import { dispatchOnce, jobIdOf, raiseBlockingLows } from './dispatcher.js';
import { createNotifications, type Notifications, type OutboxMessage, type OutboxPriority } from './index.js';
import { markFailed, markSent, redriveOutageFailures } from './rows.js';
import { cid } from '../platform/telegram-ids.test-support.js';

// Priority in the rows and the dispatcher (real Postgres, BullMQ on real Redis, simulated time, no worker).

let db: TestDatabase;
let r: TestRedis;
let queue: Queue;
let n: Notifications;
let now = new Date('2026-11-21T10:00:00Z');
const clock: Clock = { now: () => now };

beforeAll(async () => {
  db = await freshDatabase('outbox_priority');
  r = await freshRedis();
  n = createNotifications({
    db: db.dataSource,
    redis: r.redis,
    prefix: r.prefix,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    clock,
    sendApi: async () => {
      throw new Error('no Telegram in this file');
    },
  });
  queue = new Queue(n.queueName, queueOptions(r.redis, r.prefix));
});
afterAll(async () => {
  await queue.close();
  await n.close();
  await r.cleanup();
  await db.drop();
});

const text = (t: string, chat: number, priority?: OutboxPriority): OutboxMessage => ({ botId: 1, chatId: cid(chat), method: 'sendMessage', payload: { text: t }, priority });
const queueAll = (messages: OutboxMessage[]) => db.dataSource.transaction((tx) => n.enqueueMany(tx, messages));
const dispatch = () => dispatchOnce(db.dataSource, queue, clock, 60_000, 100);
// Each test starts with no message pending, so what a tick hands out is that test's alone.
const finishAll = () => db.dataSource.query(`UPDATE notifications.outbox SET state = 'failed', finished_at = $1 WHERE state = 'pending'`, [now]);
/** The messages handed out at this tick, ids in order. */
const tick = async () => {
  now = new Date(now.getTime() + 1000);
  await dispatch();
  return ((await db.dataSource.query(`SELECT id FROM notifications.outbox WHERE enqueued_at = $1 ORDER BY id`, [now])) as Array<{ id: string }>).map((row) => row.id);
};

describe('priority in the rows', () => {
  it('is normal unless given, is stored by every way in, and shows in status', async () => {
    const [plain, low] = await queueAll([text('plain', -10), text('forward', -10, 'low')]);
    const [high] = await db.dataSource.transaction(async (tx) => [await n.enqueue(tx, text('urgent', -11, 'high'))]);
    const alone = await n.enqueueNow(text('answer', 12, 'low'));
    expect((await n.status(plain!))?.priority).toBe('normal');
    expect((await n.status(low!))?.priority).toBe('low');
    expect((await n.status(high!))?.priority).toBe('high');
    expect((await n.status(alone))?.priority).toBe('low');
  });

  it('refuses a priority it does not know rather than guessing', async () => {
    const odd = { ...text('odd', 13), priority: 'urgent' } as unknown as OutboxMessage;
    await expect(queueAll([odd])).rejects.toThrow('unknown priority "urgent"');
  });
});

describe('order within a chat, by priority', () => {
  beforeEach(finishAll);

  it('hands out the pending message of the highest priority first, commit order within one priority', async () => {
    const [low1, low2, normal] = await queueAll([text('low 1', -20, 'low'), text('low 2', -20, 'low'), text('normal', -20)]);
    const [high] = await queueAll([text('high', -20, 'high')]);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const handed = await tick();
      expect(handed).toHaveLength(1);
      order.push(handed[0]!);
      expect(await markSent(db.dataSource, handed[0]!, { message_id: i }, now)).toBe(true);
    }
    expect(order).toEqual([high, normal, low1, low2]);
  });

  it('never overtakes the message already out: a later normal one goes right after it, before the other low ones', async () => {
    const lows = await queueAll(Array.from({ length: 5 }, (_, i) => text(`forward ${i}`, -30, 'low')));
    expect(await tick()).toEqual([lows[0]]);
    const [card] = await queueAll([text('raid card', -30)]);
    // lows[0] is still out (waiting for its slot, or a retry): nothing else of the chat goes meanwhile.
    await db.dataSource.query(`UPDATE notifications.outbox SET next_attempt_at = $2 WHERE id = $1`, [lows[0], new Date(now.getTime() + 30_000)]);
    expect(await tick()).toEqual([]);
    expect(await markSent(db.dataSource, lows[0]!, { message_id: 1 }, now)).toBe(true);
    expect(await tick()).toEqual([card]);
    expect(await markSent(db.dataSource, card!, { message_id: 2 }, now)).toBe(true);
    expect(await tick()).toEqual([lows[1]]);
  });

  it('lets a re-driven message wait for the one out, as any other', async () => {
    const [first, second] = await queueAll([text('first', -40), text('second', -40)]);
    expect(await tick()).toEqual([first]);
    expect(await markFailed(db.dataSource, first!, '500: Internal Server Error', true, now, 'outage')).toBe(true);
    expect(await tick()).toEqual([second]);
    expect(await redriveOutageFailures(db.dataSource, new Date(now.getTime() - 5000), now)).toBe(1);
    expect(await tick()).toEqual([]);
    expect(await markSent(db.dataSource, second!, { message_id: 1 }, now)).toBe(true);
    expect(await tick()).toEqual([first]);
  });

  it('keeps one message out per chat when two dispatchers decide on different snapshots', async () => {
    const [low] = await queueAll([text('forward', -50, 'low')]);
    // The first dispatcher has marked the forward out and is adding its job when a raid card commits.
    let release!: () => void;
    const adding = new Promise<void>((resolve) => (release = resolve));
    let marked!: () => void;
    const wasMarked = new Promise<void>((resolve) => (marked = resolve));
    const slowQueue = { addBulk: async () => (marked(), await adding, []) } as unknown as Queue;
    now = new Date(now.getTime() + 1000);
    const first = dispatchOnce(db.dataSource, slowQueue, clock, 60_000, 100);
    await wasMarked;
    const [card] = await queueAll([text('raid card', -50)]);
    // The second sees the card first in the chat and the forward not out yet; the unique index holds it
    // until the first commits, then refuses the second message out, and it looks again.
    const second = dispatchOnce(db.dataSource, queue, clock, 60_000, 100);
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    expect(await first).toBe(1);
    expect(await second).toBe(0);
    const out = await db.dataSource.query(`SELECT id FROM notifications.outbox WHERE lane_chat_id = -50 AND state = 'pending' AND enqueued_at IS NOT NULL`);
    expect(out).toEqual([{ id: low }]);
    expect(await markSent(db.dataSource, low!, { message_id: 1 }, now)).toBe(true);
    expect(await tick()).toEqual([card]);
  });
});

describe('priority across chats', () => {
  beforeEach(finishAll);

  it("gives each job its message's priority, so workers take waiting raid cards before waiting forwards", async () => {
    const [low, normal, high] = await queueAll([text('forward', -60, 'low'), text('card', -61), text('urgent', -62, 'high')]);
    await tick();
    const priorities = await Promise.all([low, normal, high].map(async (id) => (await queue.getJob(jobIdOf(id!)))?.opts.priority));
    expect(priorities).toEqual([3, 2, 1]);
  });

  it('raises a low message out that holds back a more urgent one of its chat, and wakes its delayed job', async () => {
    const [low, next] = await queueAll([text('forward', -70, 'low'), text('next forward', -70, 'low')]);
    expect(await tick()).toEqual([low]);
    // Its job waits in BullMQ's delayed set for its place in the pacer's line of low messages.
    await (await queue.getJob(jobIdOf(low!)))!.remove();
    await queue.add('deliver', { id: low }, { jobId: jobIdOf(low!), priority: 3, delay: 60_000 });
    // Only low ones behind it: nothing to raise.
    expect(await raiseBlockingLows(db.dataSource, queue)).toBe(0);

    const [card] = await queueAll([text('raid card', -70)]);
    expect(await raiseBlockingLows(db.dataSource, queue)).toBe(1);
    expect((await n.status(low!))?.priority).toBe('normal');
    expect((await n.status(next!))?.priority).toBe('low');
    const job = (await queue.getJob(jobIdOf(low!)))!;
    expect(await job.getState()).toBe('prioritized');
    expect(job.priority).toBe(2);
    expect(await raiseBlockingLows(db.dataSource, queue)).toBe(0);
    // The card still goes after it, then the other forward.
    expect(await markSent(db.dataSource, low!, { message_id: 1 }, now)).toBe(true);
    expect(await tick()).toEqual([card]);
  });
});
