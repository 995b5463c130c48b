import { BotError, Context } from 'grammy';
import type { PollableBot } from '../create-bot.js';
import type { Update } from 'grammy/types';
import { createConcurrentSink, createRunner, createSource } from '@grammyjs/runner';
import type { Logger } from '../../services/platform/logger.js';
import { counter, gauge, type Registry } from '../../services/platform/metrics.js';
import { isInfrastructureError } from '../../services/platform/infrastructure-errors.js';
import { laneOf } from '../update-lane.js';
import { createHeldOffsetSupplier } from './held-offset.js';
import { createLanes } from './lanes.js';

export interface PollingOptions {
  allowedUpdates: readonly string[];
  log: Logger;
  metrics: Registry;
  /** Backoff between tries of an update that met an outage: doubling from baseMs, capped at maxMs. */
  retry?: { baseMs: number; maxMs: number };
  /** Updates handled at once (the runner's sink concurrency). */
  concurrency?: number;
  timeoutSeconds?: number;
}

export interface PollingHandle {
  isRunning(): boolean;
  /** Stops fetching, lets handlers in progress finish, abandons retries (their updates stay with Telegram
   * for the next start) and confirms what is done. */
  stop(): Promise<void>;
}

/** Long polling with the same promise as webhooks: an update whose handler meets an infrastructure failure
 * (Postgres, Redis, the network) is tried again, with backoff, until it goes through; updates of the same
 * chat (or the same person's button presses) wait behind it so they stay in order, other chats go on; and
 * Telegram is not told an update is done before it is (see held-offset.ts), so stopping loses nothing.
 * A failure that is not an outage was already answered by the error boundary and is not retried.
 * Built from @grammyjs/runner's source, sink and runner; only the update supplier and consumer are ours. */
export function startPolling(bot: PollableBot, options: PollingOptions): PollingHandle {
  const { log, metrics } = options;
  const labels = { bot: String(bot.botInfo.id) };
  const retries = counter(metrics, 'warhorn_bot_polling_retries_total', 'Tries of a polled update again after an infrastructure failure', ['bot']);
  const dropped = counter(metrics, 'warhorn_bot_polling_dropped_total', 'Polled updates given up on: a failure that retrying cannot fix', ['bot']);
  const held = gauge(metrics, 'warhorn_bot_polling_unfinished_updates', 'Polled updates not yet finished (they hold the getUpdates offset)', ['bot']);
  const { baseMs, maxMs } = options.retry ?? { baseMs: 250, maxMs: 15_000 };
  const supplier = createHeldOffsetSupplier(bot.api, { allowedUpdates: options.allowedUpdates, log, ...(options.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}) });
  const lanes = createLanes();
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });

  /** True when the update is finished; false when it must stay with Telegram (we are stopping mid-retry). */
  async function handle(update: Update): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (stopping.signal.aborted) return false;
      try {
        await bot.handleUpdate(update);
        return true;
      } catch (error) {
        const cause = error instanceof BotError ? error.error : error;
        if (!isInfrastructureError(cause)) {
          dropped.inc(labels);
          log.error({ err: cause, updateId: update.update_id }, 'update failed outside the error boundary; not retried');
          return true;
        }
        retries.inc(labels);
        const wait = Math.min(maxMs, baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        if (attempt === 1 || attempt % 10 === 0) {
          log.warn({ err: cause, updateId: update.update_id, attempt, waitMs: Math.round(wait) }, 'update met an infrastructure failure; trying again');
        }
        await pause(wait);
      }
    }
  }

  const consumer = {
    consume(update: Update): Promise<void> {
      const lane = laneOf(new Context(update, bot.api, bot.botInfo));
      const task = lanes
        .run(lane, async () => {
          if (await handle(update)) supplier.finish(update.update_id);
        })
        .finally(() => {
          inFlight.delete(task);
          held.set(labels, supplier.unfinished);
        });
      inFlight.add(task);
      held.set(labels, supplier.unfinished);
      return task;
    },
  };
  const sink = createConcurrentSink<Update, unknown>(consumer, async (error) => {
    log.error({ err: error }, 'polled update failed');
  }, { concurrency: options.concurrency ?? 500 });
  const runner = createRunner(createSource(supplier), sink);
  runner.start();
  void runner.task()?.catch((error: unknown) => {
    log.fatal({ err: error }, 'long polling stopped: Telegram refused getUpdates (revoked token, or a webhook or another process is polling)');
  });

  return {
    isRunning: () => runner.isRunning(),
    async stop() {
      stopping.abort();
      await runner.stop();
      await Promise.allSettled([...inFlight]);
      // Confirm what is finished, so the next start does not fetch it again (the dedupe mark would skip it).
      await bot.api.getUpdates({ offset: supplier.offset(), limit: 1, timeout: 0 }).catch((error: unknown) => {
        log.warn({ err: error }, 'could not confirm the last polled updates; the next start will skip them as duplicates');
      });
    },
  };
}
