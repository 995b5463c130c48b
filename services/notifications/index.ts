import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { Clock } from '../platform/clock.js';
import { retryingStatement, type ServiceSchema, type Tx } from '../platform/database.js';
import { queueOptions } from '../platform/queues.js';
import { startDeliveryWorker, type DeliveryOptions } from './delivery.js';
import { DEFAULT_LEASE_MS, startDispatcherLoop, type DispatcherOptions } from './dispatcher.js';
import { enqueue, enqueueMany } from './enqueue.js';
import { groupCommit } from './group-commit.js';
import { supersedePending } from './supersede.js';
import { OutboxSuperseded1764000004100 } from './migrations/outbox-superseded-1764000004100.js';
import { outboxMetrics } from './metrics.js';
import { CreateOutbox1764000004000 } from './migrations/create-outbox-1764000004000.js';
import { OutboxChatOrder1764000004200 } from './migrations/outbox-chat-order-1764000004200.js';
import { OutboxFailedBy1764000004300 } from './migrations/outbox-failed-by-1764000004300.js';
import { OutboxPriority1764000004400 } from './migrations/outbox-priority-1764000004400.js';
import { createPacer, DEFAULT_PACE_LIMITS } from './pacer.js';
import { loadRow, pruneFinished, redriveOutageFailures } from './rows.js';
import type { NotificationsDeps } from './deps.js';
import type { OutboxMessage, OutboxStatus, PaceLimits } from './types.js';

export type { OutboxMessage, OutboxMethod, OutboxPayload, OutboxPriority, OutboxState, OutboxStatus, PaceLimits, PaceRule } from './types.js';
export type { SendApiOf } from './types.js';
export type { NotificationsDeps } from './deps.js';
export type { DeliveryOptions } from './delivery.js';
export type { DispatcherOptions } from './dispatcher.js';
export { DEFAULT_PACE_LIMITS } from './pacer.js';

/** Sends again the messages that failed since `since` because Telegram or the network stayed down past the
 * retry budget (not those Telegram refused): they go back to pending, and a running worker role sends them.
 * Returns how many. For the `warhorn outbox redrive` command, which needs no Redis. */
export function redriveFailedInOutage(db: DataSource, since: Date, clock: Clock): Promise<number> {
  return redriveOutageFailures(db, since, clock.now());
}

export const notificationsSchema: ServiceSchema = {
  migrations: [CreateOutbox1764000004000, OutboxSuperseded1764000004100, OutboxChatOrder1764000004200, OutboxFailedBy1764000004300, OutboxPriority1764000004400],
};

export interface Notifications {
  /** Adds a message in the caller's transaction; returns the outbox id. */
  enqueue(tx: Tx, message: OutboxMessage): Promise<string>;
  /** Adds a message that is part of no larger change (an answer to a command): committed when the promise
   * resolves. Messages queued at the same moment by concurrent updates are written in one statement. */
  enqueueNow(message: OutboxMessage): Promise<string>;
  /** Adds several messages in the caller's transaction, in one statement; returns their ids in order. */
  enqueueMany(tx: Tx, messages: readonly OutboxMessage[]): Promise<string[]>;
  /** Adds messages that must commit together and with no larger change (a file and the note announcing
   * it): one statement, so neither is queued without the other. */
  enqueueManyNow(messages: readonly OutboxMessage[]): Promise<string[]>;
  /** In the caller's transaction: pending messages of the bot whose dedupe key starts with `keyPrefix` will
   * not be sent (state `superseded`). Returns how many. */
  supersede(tx: Tx, botId: number, keyPrefix: string): Promise<number>;
  /** The row as plain data, or null for an unknown id. */
  status(id: string): Promise<OutboxStatus | null>;
  /** Sends again the messages that failed since `since` because Telegram or the network stayed down past
   * the retry budget (not those Telegram refused). Returns how many went back to pending. */
  redrive(since: Date): Promise<number>;
  /** Deletes finished messages older than `retentionDays`, in batches; returns how many. */
  prune(retentionDays: number): Promise<number>;
  /** Moves committed pending rows to the queue every `intervalMs` (config OUTBOX_DISPATCH_INTERVAL_MS). */
  startDispatcher(options: DispatcherOptions): { stop(): Promise<void> };
  /** Sends queued messages to Telegram, paced per bot, chat and group. */
  startDelivery(options: DeliveryOptions): { close(): Promise<void> };
  /** The BullMQ queue the dispatcher fills and delivery drains. */
  queueName: string;
  /** Closes the queue handle (not the Redis connection, which the caller owns). */
  close(): Promise<void>;
}

export function createNotifications(deps: NotificationsDeps): Notifications {
  const { clock, log } = deps;
  const queueName = deps.queueName ?? 'notifications-outbox';
  const metrics = outboxMetrics(deps.metrics, deps.db);
  const limits: PaceLimits = { ...DEFAULT_PACE_LIMITS, ...deps.limits };
  const pacer = createPacer(deps.redis, deps.prefix, limits);
  let queue: Queue | undefined;
  const getQueue = () => (queue ??= new Queue(queueName, queueOptions(deps.redis, deps.prefix)));
  // One statement, atomic on its own (no BEGIN and COMMIT round trips); a deadlock on a chat's lane is
  // retried like a transaction's, not thrown at the callers.
  const queueAlone = groupCommit(
    (messages: OutboxMessage[]) => retryingStatement(deps.db, () => enqueueMany(deps.db.manager, clock, messages)),
    { maxBatch: 500, inFlight: 4 },
  );

  return {
    queueName,
    enqueue: (tx, message) => enqueue(tx, clock, message),
    enqueueMany: (tx, messages) => enqueueMany(tx, clock, messages),
    enqueueNow: queueAlone,
    enqueueManyNow: (messages) => retryingStatement(deps.db, () => enqueueMany(deps.db.manager, clock, messages)),
    supersede: (tx, botId, keyPrefix) => supersedePending(tx, clock, botId, keyPrefix),
    status: (id) => loadRow(deps.db, id),
    redrive: (since) => redriveOutageFailures(deps.db, since, clock.now()),
    async prune(retentionDays) {
      const before = new Date(clock.now().getTime() - retentionDays * 86_400_000);
      // Batches keep each DELETE (and the locks and WAL it makes) small on a big table.
      let total = 0;
      for (;;) {
        const deleted = await pruneFinished(deps.db, before, 5000);
        total += deleted;
        if (deleted < 5000) return total;
      }
    },
    startDispatcher(options) {
      return startDispatcherLoop({ db: deps.db, queue: getQueue(), clock, log, metrics }, options);
    },
    startDelivery(options) {
      return startDeliveryWorker({ db: deps.db, redis: deps.redis, prefix: deps.prefix, queueName, queue: getQueue(), leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, sendApi: deps.sendApi, pacer, clock, log, metrics }, options);
    },
    async close() {
      await queue?.close();
    },
  };
}
