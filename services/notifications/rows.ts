import { affectedRows } from '../platform/database.js';
import type { DataSource } from 'typeorm';
import type { OutboxMethod, OutboxState, OutboxStatus } from './types.js';
import { priorityOf } from './priority.js';
import { chatId, type ChatId } from '../platform/telegram-ids.js';

// One SQL statement per function; the delivery worker composes them. Each state change is guarded by
// `state = 'pending'` so a late duplicate can never overwrite a final state.

interface Row {
  id: string;
  bot_id: string;
  chat_id: string;
  lane_chat_id: string;
  seq: string;
  priority: number;
  method: OutboxMethod;
  payload: Record<string, unknown>;
  dedupe_key: string | null;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  result: unknown;
  migrated_from: string | null;
  created_at: Date;
  enqueued_at: Date | null;
  next_attempt_at: Date;
  finished_at: Date | null;
  failed_by: 'refused' | 'outage' | null;
  retry_since: Date | null;
}

const toStatus = (r: Row): OutboxStatus => ({
  id: r.id,
  botId: Number(r.bot_id),
  chatId: chatId(r.chat_id),
  laneChatId: chatId(r.lane_chat_id),
  seq: Number(r.seq),
  priority: priorityOf(r.priority),
  method: r.method,
  payload: r.payload,
  dedupeKey: r.dedupe_key,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  result: r.result,
  migratedFrom: r.migrated_from === null ? null : Number(r.migrated_from),
  createdAt: r.created_at,
  enqueuedAt: r.enqueued_at,
  nextAttemptAt: r.next_attempt_at,
  finishedAt: r.finished_at,
  failedBy: r.failed_by,
  retrySince: r.retry_since,
});

export async function loadRow(db: DataSource, id: string): Promise<OutboxStatus | null> {
  const rows: Row[] = await db.query(`SELECT * FROM notifications.outbox WHERE id = $1`, [id]);
  return rows[0] ? toStatus(rows[0]) : null;
}

async function changed(db: DataSource, sql: string, params: unknown[]): Promise<boolean> {
  return (await affectedRows(db.manager, sql, params)) > 0;
}

export function markSent(db: DataSource, id: string, result: unknown, at: Date): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET state = 'sent', result = $2::jsonb, attempts = attempts + 1, finished_at = $3, last_error = NULL
      WHERE id = $1 AND state = 'pending'`,
    [id, JSON.stringify(result ?? null), at],
  );
}

export function markFailed(db: DataSource, id: string, reason: string, countAttempt: boolean, at: Date, by: 'refused' | 'outage' = 'refused'): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET state = 'failed', last_error = $2, attempts = attempts + $3, finished_at = $4, failed_by = $5
      WHERE id = $1 AND state = 'pending'`,
    [id, reason, countAttempt ? 1 : 0, at, by],
  );
}

/** Messages that failed because Telegram or the network stayed down past the retry budget, finished since
 * `since`, go back to pending: they are sent again, in their chats' order, as if they had just been queued.
 * Returns how many. */
export function redriveOutageFailures(db: DataSource, since: Date, at: Date): Promise<number> {
  return affectedRows(
    db.manager,
    `UPDATE notifications.outbox
        SET state = 'pending', failed_by = NULL, finished_at = NULL, attempts = 0, enqueued_at = NULL,
            next_attempt_at = $2, retry_since = $2, last_error = 'redriven after: ' || coalesce(last_error, '')
      WHERE state = 'failed' AND failed_by = 'outage' AND finished_at >= $1`,
    [since, at],
  );
}

/** Keeps the row pending until `notBefore`; a 429 does not count as an attempt, a 5xx does. */
export function markRetry(
  db: DataSource,
  id: string,
  reason: string,
  countAttempt: boolean,
  notBefore: Date,
): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET last_error = $2, attempts = attempts + $3, next_attempt_at = $4
      WHERE id = $1 AND state = 'pending'`,
    [id, reason, countAttempt ? 1 : 0, notBefore],
  );
}

/** The group became a supergroup: the message goes to the new chat once (`migrated_from` marks it). */
export function markMigrated(db: DataSource, id: string, newChatId: ChatId, reason: string): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET migrated_from = chat_id, chat_id = $2, last_error = $3, attempts = attempts + 1
      WHERE id = $1 AND state = 'pending' AND migrated_from IS NULL`,
    [id, newChatId, reason],
  );
}

/** Deletes up to `limit` messages that finished (sent, failed, superseded) before `before`. Pending ones are
 * never touched. The outbox is a conveyor, not the record: what happened lives in the history. */
export function pruneFinished(db: DataSource, before: Date, limit: number): Promise<number> {
  return affectedRows(
    db.manager,
    `DELETE FROM notifications.outbox WHERE id IN (
       SELECT id FROM notifications.outbox WHERE state <> 'pending' AND finished_at < $1 ORDER BY finished_at LIMIT $2)`,
    [before, limit],
  );
}
