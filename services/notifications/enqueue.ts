import type { Tx } from '../platform/database.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxMessage } from './types.js';

const COLUMNS = 6;

/** Inserts messages in the caller's transaction, so they commit (or roll back) with the change that caused
 * them. A dedupe key already stored for the bot yields the stored message's id instead of a new row. */
export async function enqueueMany(tx: Tx, clock: Clock, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const now = clock.now();
  const params: unknown[] = [];
  const tuples = messages.map((m, i) => {
    params.push(m.botId, m.chatId, m.method, JSON.stringify(m.payload), m.dedupeKey ?? null, now);
    const b = i * COLUMNS;
    return `($${b + 1}::bigint, $${b + 2}::bigint, $${b + 3}, $${b + 4}::jsonb, $${b + 5}, $${b + 6}::timestamptz, $${b + 6}::timestamptz)`;
  });
  const inserted: Array<{ id: string; bot_id: string; dedupe_key: string | null }> = await tx.query(
    `INSERT INTO notifications.outbox (bot_id, chat_id, method, payload, dedupe_key, created_at, next_attempt_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (bot_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
     RETURNING id, bot_id, dedupe_key`,
    params,
  );
  // RETURNING gives no order guarantee and skips conflicts: match rows back by (bot, key) or by position.
  const byKey = new Map<string, string>();
  const unkeyed: string[] = [];
  for (const row of inserted) {
    if (row.dedupe_key === null) unkeyed.push(row.id);
    else byKey.set(`${row.bot_id}:${row.dedupe_key}`, row.id);
  }
  unkeyed.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const missing = messages.filter((m) => m.dedupeKey !== undefined && !byKey.has(`${m.botId}:${m.dedupeKey}`));
  if (missing.length) {
    const existing: Array<{ id: string; bot_id: string; dedupe_key: string }> = await tx.query(
      `SELECT o.id, o.bot_id, o.dedupe_key FROM notifications.outbox o
       JOIN unnest($1::bigint[], $2::text[]) AS k(bot_id, dedupe_key) USING (bot_id, dedupe_key)`,
      [missing.map((m) => m.botId), missing.map((m) => m.dedupeKey)],
    );
    for (const row of existing) byKey.set(`${row.bot_id}:${row.dedupe_key}`, row.id);
  }
  let next = 0;
  return messages.map((m) => {
    if (m.dedupeKey === undefined) return unkeyed[next++]!;
    const id = byKey.get(`${m.botId}:${m.dedupeKey}`);
    if (!id) throw new Error(`outbox: no row for dedupe key of bot ${m.botId}`);
    return id;
  });
}

export async function enqueue(tx: Tx, clock: Clock, message: OutboxMessage): Promise<string> {
  const [id] = await enqueueMany(tx, clock, [message]);
  return id!;
}
