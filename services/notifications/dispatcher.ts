import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { OutboxMetrics } from './metrics.js';
import type { ChatId } from '../platform/telegram-ids.js';
import { retryingStatement } from '../platform/database.js';
import { LOW_RANK } from './priority.js';

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

/** A lane has at most one message out: handed to BullMQ (`enqueued_at` set) and still pending, however long
 * its pacing slot, its retries or its 429 take. That one is handed again when its lease has lapsed. Any
 * other message of the lane may go only when none is out, and only if it comes first among the lane's
 * pending ones by (priority, seq): a normal message queued after low ones goes before them, a low one
 * after low ones waits its turn. Other chats are not held up by any of this.
 *
 * The statement's snapshot can miss a message another dispatcher has just handed (or a more urgent one
 * just committed, which may now come first): the unique index outbox_lane_in_flight refuses the second
 * message out, and dispatchOnce runs again on a fresh snapshot. */
const DUE = `
  SELECT o.id, o.priority FROM notifications.outbox o
   WHERE o.state = 'pending' AND o.next_attempt_at <= $1
     AND (o.enqueued_at <= $2
          OR (o.enqueued_at IS NULL
              AND NOT EXISTS (
                SELECT 1 FROM notifications.outbox f
                 WHERE f.state = 'pending' AND f.enqueued_at IS NOT NULL AND f.bot_id = o.bot_id AND f.lane_chat_id = o.lane_chat_id)
              AND NOT EXISTS (
                SELECT 1 FROM notifications.outbox e
                 WHERE e.state = 'pending' AND e.bot_id = o.bot_id AND e.lane_chat_id = o.lane_chat_id
                   AND (e.priority, e.seq) < (o.priority, o.seq))))`;

/** The error Postgres gives when a second message of a lane would be out (see DUE). */
function laneAlreadyOut(error: unknown): boolean {
  let value: unknown = error;
  for (let depth = 0; depth < 4 && value !== null && typeof value === 'object'; depth++) {
    const { code, constraint, driverError, cause } = value as { code?: unknown; constraint?: unknown; driverError?: unknown; cause?: unknown };
    if (code === '23505' && constraint === 'outbox_lane_in_flight') return true;
    value = driverError ?? cause;
  }
  return false;
}

export interface Lane {
  botId: number;
  /** The chat the messages were queued for (`lane_chat_id`). */
  chatId: ChatId;
}

/** Takes committed pending rows that are due and may go (see DUE), marks them handed, and adds their jobs
 * inside the same transaction: if the add fails the marks roll back, and if the commit fails the jobs are
 * re-added later under the same ids. SKIP LOCKED lets several dispatchers share the table. Each job carries
 * its message's priority, so workers take waiting raid cards before waiting forwards (BullMQ: lower first).
 * With `lane`, only that chat's next message (the delivery worker hands it on as soon as one is done). */
export async function dispatchOnce(db: DataSource, queue: Queue, clock: Clock, leaseMs: number, batchSize: number, lane?: Lane) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handOut(db, queue, clock, leaseMs, batchSize, lane);
    } catch (error) {
      // Lost a race for a lane to another dispatcher: the next snapshot sees its message out.
      if (!laneAlreadyOut(error) || attempt >= 5) throw error;
    }
  }
}

async function handOut(db: DataSource, queue: Queue, clock: Clock, leaseMs: number, batchSize: number, lane?: Lane) {
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
       RETURNING o.id, o.priority`,
      params,
    )) as [Array<{ id: string; priority: number }>, number];
    if (rows.length) {
      await queue.addBulk(rows.map(({ id, priority }) => ({ name: 'deliver', data: { id }, opts: { ...JOB_OPTIONS, jobId: jobIdOf(id), priority } })));
    }
    return rows.length;
  });
}

// Priority inheritance. A lane's message out is never overtaken (one message at a time per chat), so a raid
// card queued behind a low forward that is out waits for that forward. A low message may be waiting in the
// pacer's line of low messages (pacer-lua.ts), which can be long when a feed reaches many chats at once: the
// card would wait for the whole line. So a low message out that holds back a more urgent one of its chat
// takes that one's priority: it then reserves like a normal message, and its job, if it is waiting in
// BullMQ's delayed set for its place in line, is woken now rather than then.
const RAISE = `
  UPDATE notifications.outbox f SET priority = w.best
    FROM (SELECT o.id, (SELECT min(e.priority) FROM notifications.outbox e
                         WHERE e.state = 'pending' AND e.bot_id = o.bot_id AND e.lane_chat_id = o.lane_chat_id) AS best
            FROM notifications.outbox o
           WHERE o.state = 'pending' AND o.enqueued_at IS NOT NULL AND o.priority = ${LOW_RANK}) w
   WHERE f.id = w.id AND f.state = 'pending' AND w.best < f.priority
  RETURNING f.id, f.priority`;

/** Raises the low messages out that hold back a more urgent message of their chat; returns how many. */
export async function raiseBlockingLows(db: DataSource, queue: Queue): Promise<number> {
  const [rows] = (await retryingStatement(db, () => db.query(RAISE))) as [Array<{ id: string; priority: number }>, number];
  for (const { id, priority } of rows) {
    const job = await queue.getJob(jobIdOf(id));
    if (!job) continue; // lost with Redis: the lease hands it again, and the worker reads the new priority
    await job.changePriority({ priority });
    // Only a job in the delayed set can be promoted; one waiting, running or sleeping reads the row soon.
    await job.promote().catch((error: Error) => {
      if (!/not in the delayed state/.test(error.message)) throw error;
    });
  }
  return rows.length;
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
      if (!stopped) await raiseBlockingLows(deps.db, deps.queue);
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
