import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import type { Clock } from '../platform/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { queueOptions } from '../platform/queues.js';
import { dispatchOnce } from './dispatcher.js';
import { createNotifications, type Notifications, type OutboxMessage } from './index.js';
import { markFailed, markSent } from './rows.js';
import { cid } from '../platform/telegram-ids.test-support.js';

let db: TestDatabase;
let r: TestRedis;
let queue: Queue;
let n: Notifications;
let now = new Date('2026-11-21T10:00:00Z');
const clock: Clock = { now: () => now };

beforeAll(async () => {
  db = await freshDatabase('outbox_store');
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

const text = (t: string, chat = 500) => ({ botId: 1, chatId: cid(chat), method: 'sendMessage' as const, payload: { text: t } });
const dispatch = (leaseMs = 60_000) => dispatchOnce(db.dataSource, queue, clock, leaseMs, 100);

describe('outbox rows', () => {
  it('stores a message with its transaction and returns its id', async () => {
    const id = await db.dataSource.transaction((tx) => n.enqueue(tx, text('hello')));
    expect(await n.status(id)).toMatchObject({
      id,
      botId: 1,
      chatId: 500,
      method: 'sendMessage',
      payload: { text: 'hello' },
      state: 'pending',
      attempts: 0,
      createdAt: now,
      finishedAt: null,
    });
  });

  it('keeps nothing of a transaction that rolled back', async () => {
    let id = '';
    await expect(
      db.dataSource.transaction(async (tx) => {
        id = await n.enqueue(tx, text('never'));
        throw new Error('business change failed');
      }),
    ).rejects.toThrow('business change failed');
    expect(id).not.toBe('');
    expect(await n.status(id)).toBeNull();
  });

  it('stores messages that go together (a file and its note) at once and all or none', async () => {
    const ids = await n.enqueueManyNow([text('the file', 601), text('the note', 602)]);
    expect(await Promise.all(ids.map(async (id) => (await n.status(id))?.payload))).toEqual([{ text: 'the file' }, { text: 'the note' }]);

    // The second cannot be stored (no payload): the first is not either.
    const broken = { ...text('no payload', 604), payload: undefined } as unknown as OutboxMessage;
    await expect(n.enqueueManyNow([text('alone', 603), broken])).rejects.toThrow();
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM notifications.outbox WHERE chat_id IN (603, 604)`);
    expect(count).toBe(0);
  });

  it('stores one message per dedupe key and bot, and returns ids in order', async () => {
    const ids = await db.dataSource.transaction((tx) =>
      n.enqueueMany(tx, [
        { ...text('a'), dedupeKey: 'raid-9-start' },
        text('b'),
        { ...text('a again'), dedupeKey: 'raid-9-start' },
        { ...text('other bot'), botId: 2, dedupeKey: 'raid-9-start' },
        text('c'),
      ]),
    );
    expect(ids[0]).toBe(ids[2]);
    expect(new Set(ids).size).toBe(4);
    const again = await db.dataSource.transaction((tx) => n.enqueue(tx, { ...text('later'), dedupeKey: 'raid-9-start' }));
    expect(again).toBe(ids[0]);
    const texts = await Promise.all(ids.map(async (id) => (await n.status(id))!.payload.text));
    expect(texts).toEqual(['a', 'b', 'a', 'other bot', 'c']);
  });

  it('supersedes pending messages by key prefix, leaving sent ones, other prefixes and other bots alone', async () => {
    const [edit1, edit2, sent, other, otherBot] = await db.dataSource.transaction((tx) =>
      n.enqueueMany(tx, [
        { ...text('card 50%'), dedupeKey: 'raid:7:card:1' },
        { ...text('card 80%'), dedupeKey: 'raid:7:card:2' },
        { ...text('card 20%'), dedupeKey: 'raid:7:card:0' },
        { ...text('card of raid 70'), dedupeKey: 'raid:70:card:1' },
        { ...text('another bot'), botId: 2, dedupeKey: 'raid:7:card:1' },
      ]),
    );
    await db.dataSource.query(`UPDATE notifications.outbox SET state = 'sent', finished_at = now() WHERE id = $1`, [sent]);
    const superseded = await db.dataSource.transaction((tx) => n.supersede(tx, 1, 'raid:7:card:'));
    expect(superseded).toBe(2);
    expect((await n.status(edit1!))?.state).toBe('superseded');
    expect((await n.status(edit2!))?.state).toBe('superseded');
    expect((await n.status(sent!))?.state).toBe('sent');
    expect((await n.status(other!))?.state).toBe('pending');
    expect((await n.status(otherBot!))?.state).toBe('pending');
  });
});

describe('dispatcher', () => {
  it('hands each committed pending row to BullMQ once per lease, as a job carrying only its id', async () => {
    await db.dataSource.query(`UPDATE notifications.outbox SET state = 'failed', finished_at = now() WHERE state = 'pending'`);
    const id = await db.dataSource.transaction((tx) => n.enqueue(tx, text('go')));
    expect(await dispatch()).toBe(1);
    const job = await queue.getJob(`outbox-${id}`);
    expect(job?.data).toEqual({ id });
    expect((await n.status(id))!.enqueuedAt).toEqual(now);
    // Within the lease: nothing to do.
    expect(await dispatch()).toBe(0);

    // Redis lost the job (it keeps nothing on disk); after the lease the row goes out again.
    await queue.obliterate({ force: true });
    now = new Date(now.getTime() + 61_000);
    expect(await dispatch()).toBe(1);
    expect((await queue.getJob(`outbox-${id}`))?.data).toEqual({ id });
  });

  it('waits for a row whose retry time has not come, and never hands out finished rows', async () => {
    const [later, sent, failed] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('x', 501), text('y', 502), text('z', 503)]));
    await db.dataSource.query(`UPDATE notifications.outbox SET next_attempt_at = $2 WHERE id = $1`, [
      later,
      new Date(now.getTime() + 5000),
    ]);
    expect(await markSent(db.dataSource, sent!, { message_id: 7 }, now)).toBe(true);
    expect(await markFailed(db.dataSource, failed!, '403: Forbidden: bot was blocked by the user', true, now)).toBe(true);
    expect(await dispatch()).toBe(0);
    now = new Date(now.getTime() + 5000);
    expect(await dispatch()).toBe(1);
    expect(await queue.getJob(`outbox-${later}`)).toBeDefined();
  });

  it('lets a final state stand: a late duplicate cannot overwrite it', async () => {
    const id = await db.dataSource.transaction((tx) => n.enqueue(tx, text('once')));
    expect(await markSent(db.dataSource, id, { message_id: 1 }, now)).toBe(true);
    expect(await markSent(db.dataSource, id, { message_id: 2 }, now)).toBe(false);
    expect(await markFailed(db.dataSource, id, 'late', true, now)).toBe(false);
    expect(await n.status(id)).toMatchObject({ state: 'sent', result: { message_id: 1 }, attempts: 1 });
  });

  it('lets two dispatchers share the table without handing a row out twice', async () => {
    await db.dataSource.transaction((tx) => n.enqueueMany(tx, Array.from({ length: 300 }, (_, i) => text(`m${i}`, 1000 + i))));
    const [a, b] = await Promise.all([dispatch(), dispatch()]);
    const [c, d] = await Promise.all([dispatch(), dispatch()]);
    expect(a! + b! + c! + d!).toBe(300);
  });
});

describe('order within a chat', () => {
  const handed = async () =>
    ((await db.dataSource.query(`SELECT id FROM notifications.outbox WHERE enqueued_at = $1 ORDER BY id`, [now])) as Array<{ id: string }>).map((r) => r.id);
  const tick = () => {
    now = new Date(now.getTime() + 1000);
    return dispatch();
  };

  it("hands out a chat's messages one at a time in commit order, other chats' alongside", async () => {
    const [a1, a2, a3] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('a1', 600), text('a2', 600), text('a3', 600)]));
    const [b1] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('b1', 601)]));
    expect(await tick()).toBe(2);
    expect(await handed()).toEqual([a1, b1]);
    // a1 is still out (pending, leased): a2 waits for it.
    expect(await tick()).toBe(0);
    expect(await markSent(db.dataSource, a1!, { message_id: 1 }, now)).toBe(true);
    expect(await tick()).toBe(1);
    expect(await handed()).toEqual([a2]);
    // A message that failed for good no longer holds its chat back.
    expect(await markFailed(db.dataSource, a2!, '400: Bad Request: message is too long', true, now)).toBe(true);
    expect(await tick()).toBe(1);
    expect(await handed()).toEqual([a3]);
  });

  it('keeps the rest of a chat waiting while its first message waits for a retry, and no other chat', async () => {
    const [c1, c2] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('c1', 610), text('c2', 610)]));
    const [d1] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('d1', 611)]));
    // c1 met a 5xx: it waits 10 s before its next attempt.
    await db.dataSource.query(`UPDATE notifications.outbox SET next_attempt_at = $2 WHERE id = $1`, [c1, new Date(now.getTime() + 10_000)]);
    expect(await tick()).toBe(1);
    expect(await handed()).toEqual([d1]);
    now = new Date(now.getTime() + 10_000);
    expect(await dispatch()).toBe(1);
    expect(await handed()).toEqual([c1]);
    expect(c2).toBeDefined();
  });

  it('numbers messages by commit: a transaction that queued for a chat first is sent first, and a rolled-back one leaves no hole', async () => {
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let firstQueued!: () => void;
    const queued = new Promise<void>((resolve) => (firstQueued = resolve));
    const first = db.dataSource.transaction(async (tx) => {
      const id = await n.enqueue(tx, text('first', 620));
      firstQueued();
      await holding;
      return id;
    });
    await queued;
    // The second waits for the chat's lane until the first commits.
    const second = db.dataSource.transaction((tx) => n.enqueue(tx, text('second', 620)));
    await expect(db.dataSource.transaction(async (tx) => {
      await n.enqueue(tx, text('never', 621));
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const third = await db.dataSource.transaction((tx) => n.enqueue(tx, text('third', 621)));
    release();
    const [one, two] = await Promise.all([first, second]);
    expect((await n.status(one))!.seq).toBeLessThan((await n.status(two))!.seq);
    expect(await tick()).toBe(2);
    expect(await handed()).toEqual([one, third].sort((x, y) => Number(x) - Number(y)));
  });
});

describe('retention', () => {
  it('deletes finished messages past the retention, never pending ones or recent ones', async () => {
    const [old, oldPending, recent] = await db.dataSource.transaction((tx) => n.enqueueMany(tx, [text('old', 700), text('old but pending', 701), text('recent', 702)]));
    expect(await markSent(db.dataSource, old!, { message_id: 1 }, new Date(now.getTime() - 40 * 86_400_000))).toBe(true);
    expect(await markSent(db.dataSource, recent!, { message_id: 2 }, new Date(now.getTime() - 2 * 86_400_000))).toBe(true);
    expect(await n.prune(30)).toBeGreaterThanOrEqual(1);
    expect(await n.status(old!)).toBeNull();
    expect((await n.status(oldPending!))?.state).toBe('pending');
    expect((await n.status(recent!))?.state).toBe('sent');
  });
});
