// SQL of a group's KOL list, and of the group's mention terms, which another part of feeds writes and KOL
// tracking only reads: they are how a group names its project. One statement per function.
import type { Tx } from '../../platform/database.js';
import { chatId as toChatId, type ChatId, type TelegramUserId } from '../../platform/telegram-ids.js';

export interface KolRow {
  chatId: ChatId;
  xUserId: string;
  username: string;
  name: string;
  addedBy: TelegramUserId;
  addedAt: Date;
}

const toKol = (r: Record<string, unknown>): KolRow => ({
  chatId: toChatId(r.chat_id as string),
  xUserId: r.x_user_id as string,
  username: r.username as string,
  name: r.name as string,
  addedBy: Number(r.added_by) as TelegramUserId,
  addedAt: r.added_at as Date,
});

/** Adds the KOL; `created` false when the group tracks it already (its `added_at` stays: no back-fill). */
export async function insertKol(tx: Tx, k: Omit<KolRow, 'addedAt'> & { now: Date }): Promise<{ created: boolean }> {
  const rows: Array<{ created: boolean }> = await tx.query(
    `INSERT INTO feeds.kols (chat_id, x_user_id, username, name, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (chat_id, x_user_id) DO UPDATE SET username = EXCLUDED.username, name = EXCLUDED.name
     RETURNING (xmax = 0) AS created`,
    [k.chatId, k.xUserId, k.username, k.name, k.addedBy, k.now],
  );
  return { created: rows[0]!.created };
}

export async function deleteKol(tx: Tx, chatId: ChatId, username: string): Promise<{ xUserId: string; username: string } | null> {
  const rows: Array<{ x_user_id: string; username: string }> = await tx.query(
    // In a CTE: TypeORM answers a bare DELETE ... RETURNING as [rows, count].
    `WITH gone AS (DELETE FROM feeds.kols WHERE chat_id = $1 AND lower(username) = lower($2) RETURNING x_user_id, username) SELECT * FROM gone`,
    [chatId, username],
  );
  return rows[0] ? { xUserId: rows[0].x_user_id, username: rows[0].username } : null;
}

export async function countKols(tx: Tx, chatId: ChatId): Promise<number> {
  const [row] = await tx.query(`SELECT count(*)::int AS n FROM feeds.kols WHERE chat_id = $1`, [chatId]);
  return row.n as number;
}

export async function listKols(tx: Tx, chatId: ChatId): Promise<KolRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.kols WHERE chat_id = $1 ORDER BY lower(username)`, [chatId]);
  return rows.map(toKol);
}

/** Every group's KOLs, for planning the searches. */
export async function allKols(tx: Tx): Promise<KolRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.kols ORDER BY chat_id, x_user_id`);
  return rows.map(toKol);
}

/** An account feeds or another group's KOL list already knows, by handle (any case): no need to ask X. */
export async function knownAccount(tx: Tx, username: string): Promise<{ id: string; username: string; name: string } | null> {
  const rows: Array<{ x_user_id: string; username: string; name: string }> = await tx.query(
    `SELECT x_user_id, username, name FROM feeds.accounts WHERE lower(username) = lower($1)
     UNION ALL SELECT x_user_id, username, name FROM feeds.kols WHERE lower(username) = lower($1)
     LIMIT 1`,
    [username],
  );
  return rows[0] ? { id: rows[0].x_user_id, username: rows[0].username, name: rows[0].name } : null;
}

/** A KOL renamed on X: every group's row follows the profile X sent with its posts. */
export async function renameKols(tx: Tx, profiles: ReadonlyArray<{ id: string; username: string; name: string }>): Promise<void> {
  if (!profiles.length) return;
  await tx.query(
    `UPDATE feeds.kols k SET username = p.username, name = p.name
       FROM unnest($1::text[], $2::text[], $3::text[]) AS p(id, username, name)
      WHERE k.x_user_id = p.id AND (k.username <> p.username OR k.name <> p.name)`,
    [profiles.map((p) => p.id), profiles.map((p) => p.username), profiles.map((p) => p.name)],
  );
}

/** The mention terms of these groups, in X's query form (`$war`, `#warhorn`, `"raid now"`). */
export async function termsOf(tx: Tx, chatIds: readonly ChatId[]): Promise<Map<ChatId, string[]>> {
  if (!chatIds.length) return new Map();
  const rows: Array<{ chat_id: string; term: string }> = await tx.query(
    `SELECT chat_id, term FROM feeds.mention_terms WHERE chat_id = ANY($1::bigint[]) ORDER BY chat_id, term`,
    [chatIds],
  );
  const out = new Map<ChatId, string[]>();
  for (const r of rows) {
    const id = toChatId(r.chat_id);
    out.set(id, [...(out.get(id) ?? []), r.term]);
  }
  return out;
}

/** A group that became a supergroup keeps its KOLs and what they posted about it. */
export async function moveKols(tx: Tx, from: ChatId, to: ChatId): Promise<number> {
  const [{ n }] = await tx.query(
    `WITH k AS (UPDATE feeds.kols SET chat_id = $2 WHERE chat_id = $1
                  AND NOT EXISTS (SELECT 1 FROM feeds.kols g WHERE g.chat_id = $2 AND g.x_user_id = feeds.kols.x_user_id) RETURNING 1),
          m AS (UPDATE feeds.kol_mentions SET chat_id = $2 WHERE chat_id = $1
                  AND NOT EXISTS (SELECT 1 FROM feeds.kol_mentions g WHERE g.chat_id = $2 AND g.post_id = feeds.kol_mentions.post_id) RETURNING 1)
     SELECT (SELECT count(*) FROM k)::int AS n`,
    [from, to],
  );
  return n as number;
}
