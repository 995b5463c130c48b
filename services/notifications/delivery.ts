import { DelayedError, Worker, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { sleep, type Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { workerOptions } from '../platform/queues.js';
import type { SendApiOf } from './types.js';
import type { OutboxMetrics } from './metrics.js';
import type { Pacer } from './pacer.js';
import { loadRow } from './rows.js';
import { createSendLock } from './send-lock.js';
import { sendRow, type SendPolicy } from './send-row.js';
import { dispatchOnce } from './dispatcher.js';
import type { OutboxStatus } from './types.js';

export interface DeliveryOptions extends Partial<SendPolicy> {
  concurrency: number;
  /** Waits up to this long are slept in the worker; longer ones move the job to BullMQ's delayed set. */
  maxInlineWaitMs?: number;
  /** The dispatcher's lease (DispatcherOptions.leaseMs): a chat's next message is not handed twice within it. */
  leaseMs?: number;
  /** A low-priority message reserves a pacing slot only this close to now (default 500 ms, about 15 of a
   * bot's slots): a normal message never waits longer than this behind low ones of other chats. */
  lowAheadMs?: number;
  /** A low-priority message out longer than this reserves like a normal one (default 10 min), so that a bot
   * kept at its limit by normal messages still sends its low ones. */
  lowMaxWaitMs?: number;
}

export interface DeliveryDeps {
  db: DataSource;
  redis: Redis;
  prefix: string;
  queueName: string;
  /** Where the next message of a chat is handed as soon as the one before it is done. */
  queue: Queue;
  leaseMs: number;
  sendApi: SendApiOf;
  pacer: Pacer;
  clock: Clock;
  log: Logger;
  metrics: OutboxMetrics;
}

export type OutboxJob = Job<{ id: string }>;

/** Loads the row, waits for its pacing slot, then sends it under the row's lock. A job whose row is no
 * longer pending (a duplicate, or a row another worker finished) completes without sending anything. */
export function createDeliveryProcessor(deps: DeliveryDeps, options: DeliveryOptions) {
  const policy: SendPolicy = { retryForMs: options.retryForMs ?? 6 * 3_600_000, backoffMs: options.backoffMs ?? 1000, maxBackoffMs: options.maxBackoffMs ?? 60_000 };
  const maxInlineWaitMs = options.maxInlineWaitMs ?? 1000;
  const lowAheadMs = options.lowAheadMs ?? 500;
  const lowMaxWaitMs = options.lowMaxWaitMs ?? 600_000;
  // Longer than a Telegram call can take (the Api timeout is 20 s), so the lock never lapses mid-send.
  const lock = createSendLock(deps.redis, deps.prefix, 60_000);
  const { db, pacer, clock, metrics } = deps;

  async function waitUntil(job: OutboxJob, token: string | undefined, until: number, inline = true): Promise<void> {
    const wait = until - clock.now().getTime();
    if (wait <= 0) return;
    if (inline && wait <= maxInlineWaitMs) return sleep(wait);
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  }

  // The dispatcher would hand the chat's next message on its next tick; doing it here saves that wait.
  const handNext = (row: OutboxStatus) =>
    dispatchOnce(db, deps.queue, clock, deps.leaseMs, 1, { botId: row.botId, chatId: row.laneChatId });

  return async function process(job: OutboxJob, token?: string): Promise<string> {
    const { id } = job.data;
    for (;;) {
      const row = await loadRow(db, id);
      if (!row || row.state !== 'pending') {
        await pacer.release(id);
        if (row) await handNext(row);
        return 'skipped';
      }
      // A copy of the job may come early (the dispatcher re-handed it): honour the row's backoff.
      await waitUntil(job, token, row.nextAttemptAt.getTime());

      // A low message lets others go first until it has been out lowMaxWaitMs. The job's timestamp is when it
      // was handed out (a re-hand of the same job keeps it), on BullMQ's wall clock: the system clock that
      // the outbox runs on outside tests.
      const nowMs = clock.now().getTime();
      const yields = row.priority === 'low' && nowMs - job.timestamp < lowMaxWaitMs;
      const slot = await pacer.reserve(row, nowMs, yields ? lowAheadMs : undefined);
      const at = slot.reserved ? slot.at : slot.retryAt;
      if (at > clock.now().getTime()) {
        const yielded = !slot.reserved && slot.yielded === true;
        metrics.throttled.inc({ source: yielded ? 'priority' : 'local' });
        // A low message waiting for its place in line gives its worker back, even for a short wait: a
        // hundred of them asleep in workers would keep the raid card they let go first from being taken.
        await waitUntil(job, token, at, !yielded);
        if (!slot.reserved) continue;
      }

      const outcome = await lock.withLock(id, async () => {
        // Read again under the lock: another worker may have sent it between our first read and now.
        const fresh = await loadRow(db, id);
        if (!fresh || fresh.state !== 'pending') return { next: 'done' as const };
        if (fresh.chatId !== row.chatId) return { next: 'again' as const };
        return sendRow({ ...deps, policy }, fresh, yields && fresh.priority === 'low');
      });
      // Another worker is sending this row right now; if it dies before recording the outcome, the row
      // stays pending and the dispatcher hands it out again after its lease.
      if (outcome === 'busy') return 'busy';
      if (outcome.next === 'done') {
        await handNext(row);
        return 'done';
      }
      if (outcome.next === 'wait') await waitUntil(job, token, outcome.until);
    }
  };
}

export function startDeliveryWorker(deps: DeliveryDeps, options: DeliveryOptions) {
  const processor = createDeliveryProcessor(deps, options);
  const worker = new Worker(deps.queueName, processor, workerOptions(deps.redis, deps.prefix, { concurrency: options.concurrency }));
  worker.on('failed', (job, error) => {
    deps.log.warn({ jobId: job?.id, err: error }, 'outbox delivery job failed');
  });
  worker.on('error', (error) => deps.log.error({ err: error }, 'outbox delivery worker error'));
  return {
    worker,
    async close(): Promise<void> {
      await worker.close();
    },
  };
}
