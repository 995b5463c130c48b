import type { DataSource } from 'typeorm';
import type { Logger } from '../platform/logger.js';
import type { Clock } from '../platform/clock.js';
import type { SendApiOf } from './types.js';
import type { OutboxMetrics } from './metrics.js';
import type { Pacer } from './pacer.js';
import { markFailed, markMigrated, markRetry, markSent } from './rows.js';
import { classifyTelegramError } from './telegram-errors.js';
import type { OutboxStatus } from './types.js';
import { materialize } from './inline-files.js';

export interface SendPolicy {
  /** How long after a message was queued 5xx and network errors are still retried: an outage of Telegram or
   * of our network is waited out (hours), not counted in attempts. Past it the message fails as `outage`
   * and can be re-driven. Telegram's refusals (4xx) fail at once whatever this says. */
  retryForMs: number;
  /** First backoff after a 5xx/network error; doubles each attempt, up to `maxBackoffMs`, with jitter. */
  backoffMs: number;
  maxBackoffMs: number;
}

/** What the job does next: nothing (row final or not ours), wait until a time, or go round again
 * (the chat migrated: pace and send to the new chat). */
export type SendOutcome = { next: 'done' } | { next: 'wait'; until: number } | { next: 'again' };

interface Deps {
  db: DataSource;
  sendApi: SendApiOf;
  pacer: Pacer;
  clock: Clock;
  log: Logger;
  metrics: OutboxMetrics;
  policy: SendPolicy;
}

/** Calls Telegram for one pending row (the caller holds its pacing slot and send lock) and records the
 * outcome. Every final state is written here; a retry is written before the job is rescheduled. A `low`
 * row lets the bot's other calls waiting at the departure check go first. */
export async function sendRow(deps: Deps, row: OutboxStatus, low = false): Promise<SendOutcome> {
  const { db, clock, metrics, pacer, policy, log } = deps;
  let result: unknown;
  try {
    const api = await deps.sendApi(row.botId);
    const call = api.raw[row.method] as (args: Record<string, unknown>) => Promise<unknown>;
    const args = { ...materialize(row.payload), chat_id: row.chatId };
    // The pacing slot was the schedule; this is the bot-wide count as the call actually leaves, as late as
    // it can be taken, so that nothing but the request itself lies between the count and the wire.
    const ticket = await pacer.departures.leave(row.botId, low);
    if (ticket.waited) metrics.throttled.inc({ source: 'departure' });
    try {
      result = await call(args);
    } finally {
      await pacer.departures.arrived(row.botId, ticket);
    }
  } catch (error) {
    const failure = classifyTelegramError(error);
    const now = clock.now();
    await pacer.release(row.id);
    switch (failure.kind) {
      case 'throttled': {
        const until = now.getTime() + failure.retryAfterMs;
        metrics.throttled.inc({ source: 'telegram' });
        await pacer.penalize(row, now.getTime(), until);
        await markRetry(db, row.id, failure.reason, false, new Date(until));
        return { next: 'wait', until };
      }
      case 'migrated': {
        if (row.migratedFrom === null && row.method.startsWith('send')) {
          if (await markMigrated(db, row.id, failure.chatId, failure.reason)) return { next: 'again' };
        }
        await fail(row, failure.reason, 'migrated');
        return { next: 'done' };
      }
      case 'transient': {
        const attempts = row.attempts + 1;
        const backoff = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(attempts - 1, 30));
        // A little jitter, so a thousand messages that met the same outage do not come back in one second.
        const until = now.getTime() + Math.round(backoff * (0.8 + Math.random() * 0.4));
        if (until > (row.retrySince ?? row.createdAt).getTime() + policy.retryForMs) {
          await fail(row, failure.reason, failure.label, 'outage');
          return { next: 'done' };
        }
        log.warn({ outboxId: row.id, attempts, reason: failure.reason }, 'outbox send failed, will retry');
        await markRetry(db, row.id, failure.reason, true, new Date(until));
        return { next: 'wait', until };
      }
      case 'final':
        await fail(row, failure.reason, failure.label);
        return { next: 'done' };
    }
  }

  const now = clock.now();
  if (await markSent(db, row.id, summarize(result), now)) {
    metrics.sent.inc({ method: row.method });
    metrics.delivery.observe(Math.max(0, now.getTime() - row.createdAt.getTime()) / 1000);
  }
  await pacer.release(row.id);
  return { next: 'done' };

  async function fail(r: OutboxStatus, reason: string, label: string, by: 'refused' | 'outage' = 'refused') {
    if (await markFailed(db, r.id, reason, true, clock.now(), by)) metrics.failed.inc({ reason: label });
    log.info({ outboxId: r.id, botId: r.botId, reason }, 'outbox message failed for good');
  }
}

/** Keeps what later calls need (message_id, chat) rather than the whole Message object. */
function summarize(result: unknown): unknown {
  if (result && typeof result === 'object' && 'message_id' in result) {
    const m = result as { message_id: number; chat?: { id: number }; date?: number };
    return { message_id: m.message_id, chat_id: m.chat?.id, date: m.date };
  }
  if (Array.isArray(result)) return result.map(summarize);
  return result;
}
