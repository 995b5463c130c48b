// SQL of live mentions: the groups' terms, the shared queries with their cursors, and each group's rate-cap
// window. One statement per function.
import type { Tx } from '../platform/database.js';
import { chatId as toChatId, type ChatId } from '../platform/telegram-ids.js';
import type { RateCapState, StoredQuery, Term, TermKind } from './mentions/index.js';

export interface TermRow {
  chatId: ChatId;
  botId: number;
  /** The query form (`$war`); `label` as the admin sees it (`$WAR`). */
  term: string;
  kind: TermKind;
  label: string;
  createdAt: Date;
}

const toTerm = (r: Record<string, unknown>): TermRow => ({
  chatId: toChatId(r.chat_id as string),
  botId: Number(r.bot_id),
  term: r.term as string,
  kind: r.kind as TermKind,
  label: r.label as string,
  createdAt: r.created_at as Date,
});

/** The parsed term back from its stored form: the value is the query form without sigil or quotes. */
export function termOf(row: Pick<TermRow, 'term' | 'kind'>): Term {
  const value = row.kind === 'phrase' ? row.term.slice(1, -1) : row.kind === 'keyword' ? row.term : row.term.slice(1);
  return { kind: row.kind, value };
}

export async function insertTerm(tx: Tx, t: Omit<TermRow, 'createdAt'> & { createdBy: number; now: Date }): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO feeds.mention_terms (chat_id, term, kind, label, bot_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (chat_id, term) DO NOTHING RETURNING 1`,
    [t.chatId, t.term, t.kind, t.label, t.botId, t.createdBy, t.now],
  );
  return rows.length > 0;
}

export async function deleteTerm(tx: Tx, chatId: ChatId, term: string): Promise<boolean> {
  const rows: unknown[] = await tx.query(`WITH gone AS (DELETE FROM feeds.mention_terms WHERE chat_id = $1 AND term = $2 RETURNING 1) SELECT * FROM gone`, [chatId, term]);
  return rows.length > 0;
}

export async function termsOfGroup(tx: Tx, chatId: ChatId): Promise<TermRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.mention_terms WHERE chat_id = $1 ORDER BY created_at, term`, [chatId]);
  return rows.map(toTerm);
}

export async function groupsWithTerms(tx: Tx, terms: readonly string[]): Promise<TermRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.mention_terms WHERE term = ANY($1::text[]) ORDER BY chat_id, created_at`, [terms]);
  return rows.map(toTerm);
}

export async function distinctTerms(tx: Tx): Promise<Set<string>> {
  const rows: Array<{ term: string }> = await tx.query(`SELECT DISTINCT term FROM feeds.mention_terms`);
  return new Set(rows.map((r) => r.term));
}

export interface QueryRow extends StoredQuery {
  cursorId: string | null;
  startedAt: Date;
  intervalMs: number;
}

const toQuery = (r: Record<string, unknown>): QueryRow => ({
  id: String(r.id),
  terms: r.terms as string[],
  cursorId: (r.cursor_id as string | null) ?? null,
  startedAt: r.started_at as Date,
  intervalMs: Number(r.interval_ms),
});

export async function allQueries(tx: Tx): Promise<QueryRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.mention_queries ORDER BY id FOR UPDATE`);
  return rows.map(toQuery);
}

export async function setQueryTerms(tx: Tx, id: string, terms: readonly string[]): Promise<void> {
  await tx.query(`UPDATE feeds.mention_queries SET terms = $2 WHERE id = $1`, [id, terms]);
}

export async function createQuery(tx: Tx, terms: readonly string[], now: Date, intervalMs: number): Promise<void> {
  await tx.query(`INSERT INTO feeds.mention_queries (terms, started_at, interval_ms, next_poll_at) VALUES ($1, $2, $3, $2)`, [terms, now, intervalMs]);
}

export async function dropQueries(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length) await tx.query(`DELETE FROM feeds.mention_queries WHERE id = ANY($1::bigint[])`, [ids]);
}

/** Like claimDue for accounts: due queries, leased so one worker reads each at a time. */
export async function claimDueQueries(tx: Tx, now: Date, leaseUntil: Date, limit: number): Promise<QueryRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `WITH claimed AS (
       UPDATE feeds.mention_queries q SET lease_until = $2
         FROM (SELECT id FROM feeds.mention_queries WHERE next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
                ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE q.id = due.id RETURNING q.*)
     SELECT * FROM claimed ORDER BY next_poll_at`,
    [now, leaseUntil, limit],
  );
  return rows.map(toQuery);
}

export async function lockQuery(tx: Tx, id: string): Promise<{ cursorId: string | null; terms: string[] } | null> {
  const rows: Array<{ cursor_id: string | null; terms: string[] }> = await tx.query(`SELECT cursor_id, terms FROM feeds.mention_queries WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ? { cursorId: rows[0].cursor_id, terms: rows[0].terms } : null;
}

export async function recordQueryPoll(tx: Tx, id: string, o: { cursorId: string | null; intervalMs: number; nextPollAt: Date }): Promise<void> {
  await tx.query(`UPDATE feeds.mention_queries SET cursor_id = $2, interval_ms = $3, next_poll_at = $4, lease_until = NULL WHERE id = $1`, [id, o.cursorId, o.intervalMs, o.nextPollAt]);
}

export async function rescheduleQuery(tx: Tx, id: string, nextPollAt: Date): Promise<void> {
  await tx.query(`UPDATE feeds.mention_queries SET next_poll_at = $2, lease_until = NULL WHERE id = $1`, [id, nextPollAt]);
}

/** The group's rate-cap window, row locked until the caller's transaction ends (two queries may relay into
 * one group at once). */
export async function lockCapState(tx: Tx, chatId: ChatId, empty: RateCapState): Promise<RateCapState> {
  // A row first, so the lock below always has something to hold (two first relays at once).
  await tx.query(`INSERT INTO feeds.mention_caps (chat_id, state) VALUES ($1, $2) ON CONFLICT (chat_id) DO NOTHING`, [chatId, JSON.stringify(empty)]);
  const rows: Array<{ state: RateCapState }> = await tx.query(`SELECT state FROM feeds.mention_caps WHERE chat_id = $1 FOR UPDATE`, [chatId]);
  return rows[0]!.state;
}

export async function saveCapState(tx: Tx, chatId: ChatId, state: RateCapState): Promise<void> {
  await tx.query(`INSERT INTO feeds.mention_caps (chat_id, state) VALUES ($1, $2) ON CONFLICT (chat_id) DO UPDATE SET state = EXCLUDED.state`, [chatId, JSON.stringify(state)]);
}
