import { affectedRows } from '../platform/database.js';
import type { DataSource } from 'typeorm';
import type { OutboxMethod, OutboxState, OutboxStatus } from './types.js';

// One SQL statement per function; the delivery worker composes them. Each state change is guarded by
// `state = 'pending'` so a late duplicate can never overwrite a final state.

interface Row {
  id: string;
  bot_id: string;
  chat_id: string;
  lane_chat_id: string;
  seq: string;
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
}

const toStatus = (r: Row): OutboxStatus => ({
  id: r.id,
  botId: Number(r.bot_id),
  chatId: Number(r.chat_id),
  laneChatId: Number(r.lane_chat_id),
  seq: Number(r.seq),
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

export function markFailed(db: DataSource, id: string, reason: string, countAttempt: boolean, at: Date): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET state = 'failed', last_error = $2, attempts = attempts + $3, finished_at = $4
      WHERE id = $1 AND state = 'pending'`,
    [id, reason, countAttempt ? 1 : 0, at],
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
export function markMigrated(db: DataSource, id: string, newChatId: number, reason: string): Promise<boolean> {
  return changed(
    db,
    `UPDATE notifications.outbox
        SET migrated_from = chat_id, chat_id = $2, last_error = $3, attempts = attempts + 1
      WHERE id = $1 AND state = 'pending' AND migrated_from IS NULL`,
    [id, newChatId, reason],
  );
}
