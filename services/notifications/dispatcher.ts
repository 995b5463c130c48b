import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { OutboxMetrics } from './metrics.js';
import type { ChatId } from '../platform/telegram-ids.js';

export interface DispatcherOptions {
  intervalMs: number;
  /** A pending row handed to BullMQ longer ago than this is handed again: Redis keeps nothing on disk, so
   * the job may be gone. A copy that is still there is harmless (same job id; the worker re-reads the row). */
  leaseMs?: number;
  batchSize?: number;
  /** Called after each round that went through (a heartbeat for readiness). */
  onRound?: () => void;
}

export const jobIdOf = (outboxId: string) => `outbox-${outboxId}`;

export const DEFAULT_LEASE_MS = 60_000;

// Jobs vanish once done: the outbox row is the record, and a finished job id left in Redis would make a
// later re-hand of the same row (after a failed job) a silent no-op.
const JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: true,
  // Only for unexpected errors (database down); Telegram outcomes are retried through the row instead.
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

/** Only the first pending message of a chat's lane may go: the rest wait for it to be sent, to fail for
 * good or to be superseded, however long its retries take. Other chats are not held up by it. */
const DUE = `
  SELECT o.id FROM notifications.outbox o
   WHERE o.state = 'pending' AND o.next_attempt_at <= $1
     AND (o.enqueued_at IS NULL OR o.enqueued_at <= $2)
     AND NOT EXISTS (
       SELECT 1 FROM notifications.outbox e
        WHERE e.state = 'pending' AND e.bot_id = o.bot_id AND e.lane_chat_id = o.lane_chat_id AND e.seq < o.seq)`;

export interface Lane {
  botId: number;
  /** The chat the messages were queued for (`lane_chat_id`). */
  chatId: ChatId;
}

/** Takes committed pending rows that are due, first in their lanes and not leased, marks them handed, and
 * adds their jobs inside the same transaction: if the add fails the marks roll back, and if the commit fails
 * the jobs are re-added later under the same ids. SKIP LOCKED lets several dispatchers share the table.
 * With `lane`, only that chat's next message (the delivery worker hands it on as soon as one is done). */
export async function dispatchOnce(db: DataSource, queue: Queue, clock: Clock, leaseMs: number, batchSize: number, lane?: Lane) {
  const now = clock.now();
  const params: unknown[] = [now, new Date(now.getTime() - leaseMs), batchSize];
  if (lane) params.push(lane.botId, lane.chatId);
  return db.transaction(async (tx) => {
    const [rows] = (await tx.query(
      `WITH due AS (
         ${DUE} ${lane ? 'AND o.bot_id = $4 AND o.lane_chat_id = $5' : ''}
          ORDER BY o.next_attempt_at, o.id
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE notifications.outbox o SET enqueued_at = $1 FROM due WHERE o.id = due.id
       RETURNING o.id`,
      params,
    )) as [Array<{ id: string }>, number];
    if (rows.length) {
      await queue.addBulk(rows.map(({ id }) => ({ name: 'deliver', data: { id }, opts: { ...JOB_OPTIONS, jobId: jobIdOf(id) } })));
    }
    return rows.length;
  });
}

export function startDispatcherLoop(
  deps: { db: DataSource; queue: Queue; clock: Clock; log: Logger; metrics: OutboxMetrics },
  options: DispatcherOptions,
) {
  const beat = options.onRound ?? (() => undefined);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const batchSize = options.batchSize ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function tick() {
    try {
      // Drain: a full batch means there may be more right now.
      while (!stopped && (await dispatchOnce(deps.db, deps.queue, deps.clock, leaseMs, batchSize)) === batchSize);
      beat();
    } catch (error) {
      deps.log.error({ err: error }, 'outbox dispatch failed; will try again');
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().then(schedule);
    }, options.intervalMs);
  }
  running = tick().then(schedule);

  return {
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
