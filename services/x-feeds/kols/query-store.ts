// SQL of the KOL search queries: the set kept in step with the groups' lists, claiming the due ones under a
// lease, and each read's outcome. One statement per function.
import type { Tx } from '../../platform/database.js';
import { chatId as toChatId, type ChatId } from '../../platform/telegram-ids.js';

export interface QueryRow {
  id: string;
  query: string;
  kolIds: string[];
  terms: string[];
  chatIds: ChatId[];
  cursorId: string | null;
  startTime: Date;
  intervalMs: number;
  lastReadAt: Date | null;
}

const toQuery = (r: Record<string, unknown>): QueryRow => ({
  id: String(r.id),
  query: r.query as string,
  kolIds: r.kol_ids as string[],
  terms: r.terms as string[],
  chatIds: (r.chat_ids as string[]).map(toChatId),
  cursorId: (r.cursor_id as string | null) ?? null,
  startTime: r.start_time as Date,
  intervalMs: Number(r.interval_ms),
  lastReadAt: (r.last_read_at as Date | null) ?? null,
});

/** Two workers planning at once would insert the same texts: planning takes this lock for its transaction. */
export async function lockPlanning(tx: Tx): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('feeds.kol_queries'))`);
}

export async function allQueries(tx: Tx): Promise<QueryRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.kol_queries ORDER BY id`);
  return rows.map(toQuery);
}

export async function insertQuery(tx: Tx, q: { query: string; kolIds: string[]; terms: string[]; chatIds: ChatId[]; startTime: Date; intervalMs: number; now: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO feeds.kol_queries (query, kol_ids, terms, chat_ids, start_time, interval_ms, next_search_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [q.query, q.kolIds, q.terms, q.chatIds, q.startTime, q.intervalMs, q.now],
  );
}

/** The groups a query serves changed (one more group with the same list, one fewer). */
export async function setQueryChats(tx: Tx, id: string, chatIds: readonly ChatId[]): Promise<void> {
  await tx.query(`UPDATE feeds.kol_queries SET chat_ids = $2 WHERE id = $1`, [id, chatIds]);
}

export async function deleteQueries(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.query(`DELETE FROM feeds.kol_queries WHERE id = ANY($1::bigint[])`, [ids]);
}

/** Takes up to `limit` due queries, most overdue first, leased until `leaseUntil` (SKIP LOCKED while
 * claiming, the lease after): a worker that dies mid-read leaves the query due again, cursor untouched. */
export async function claimDueQueries(tx: Tx, now: Date, leaseUntil: Date, limit: number): Promise<QueryRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `WITH claimed AS (
       UPDATE feeds.kol_queries q SET lease_until = $2
         FROM (SELECT id FROM feeds.kol_queries c
                WHERE c.next_search_at <= $1 AND (c.lease_until IS NULL OR c.lease_until <= $1)
                ORDER BY c.next_search_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE q.id = due.id
        RETURNING q.*)
     SELECT * FROM claimed`,
    [now, leaseUntil, limit],
  );
  return rows.map(toQuery);
}

/** The query's cursor under a row lock, or null when planning retired it meanwhile. */
export async function lockQuery(tx: Tx, id: string): Promise<{ cursorId: string | null; chatIds: ChatId[] } | null> {
  const rows: Array<{ cursor_id: string | null; chat_ids: string[] }> = await tx.query(`SELECT cursor_id, chat_ids FROM feeds.kol_queries WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? { cursorId: rows[0].cursor_id, chatIds: rows[0].chat_ids.map(toChatId) } : null;
}

export async function recordSearch(tx: Tx, id: string, o: { cursorId: string | null; intervalMs: number; readAt: Date; nextSearchAt: Date }): Promise<void> {
  await tx.query(
    `UPDATE feeds.kol_queries SET cursor_id = $2, interval_ms = $3, last_read_at = $4, next_search_at = $5, lease_until = NULL WHERE id = $1`,
    [id, o.cursorId, o.intervalMs, o.readAt, o.nextSearchAt],
  );
}

/** Nothing read (X asked us to come back later, or nobody could receive): only when to try again. */
export async function rescheduleQuery(tx: Tx, id: string, nextSearchAt: Date): Promise<void> {
  await tx.query(`UPDATE feeds.kol_queries SET next_search_at = $2, lease_until = NULL WHERE id = $1`, [id, nextSearchAt]);
}
