// SQL of follows and the accounts they point at. One statement per function.
import { affectedRows, type Tx } from '../platform/database.js';
import { chatId as toChatId, type ChatId } from '../platform/telegram-ids.js';

export interface FollowRow {
  chatId: ChatId;
  botId: number;
  xUserId: string;
  replies: boolean;
  reposts: boolean;
  since: Date;
}

export interface FollowView extends FollowRow {
  username: string;
  name: string;
  /** When the account's last post was seen, and when it is read next (its adaptive interval). */
  lastPostAt: Date | null;
  nextPollAt: Date;
  intervalMs: number;
  /** X refuses the account (protected, suspended): its posts cannot be read until that changes. */
  unavailable: boolean;
}

const toFollow = (r: Record<string, unknown>): FollowRow => ({
  chatId: toChatId(r.chat_id as string),
  botId: Number(r.bot_id),
  xUserId: r.x_user_id as string,
  replies: r.replies as boolean,
  reposts: r.reposts as boolean,
  since: r.created_at as Date,
});

const WATCHED = `(EXISTS (SELECT 1 FROM feeds.follows f WHERE f.x_user_id = EXCLUDED.x_user_id)
  OR EXISTS (SELECT 1 FROM feeds.auto_raids r WHERE r.x_user_id = EXCLUDED.x_user_id))`;

/** An account gains a row the first time anything follows it; one that nobody followed any more has a stale
 * cursor, which would make the next read fetch (and pay for) everything since: it starts afresh instead. */
export async function upsertAccount(tx: Tx, a: { xUserId: string; username: string; name: string; intervalMs: number; now: Date }): Promise<void> {
  await tx.query(
    `INSERT INTO feeds.accounts (x_user_id, username, name, interval_ms, next_poll_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (x_user_id) DO UPDATE SET username = EXCLUDED.username, name = EXCLUDED.name,
       cursor_id = CASE WHEN ${WATCHED} THEN feeds.accounts.cursor_id END,
       interval_ms = CASE WHEN ${WATCHED} THEN feeds.accounts.interval_ms ELSE EXCLUDED.interval_ms END,
       next_poll_at = LEAST(feeds.accounts.next_poll_at, EXCLUDED.next_poll_at + make_interval(secs => EXCLUDED.interval_ms / 1000.0))`,
    [a.xUserId, a.username, a.name, a.intervalMs, a.now],
  );
}

/** An account some group follows or followed, by handle (any case): no need to ask X who it is. Its handle
 * is refreshed from the profile X sends with every read that returns posts. */
export async function accountByUsername(tx: Tx, username: string): Promise<{ id: string; username: string; name: string } | null> {
  const rows: Array<{ x_user_id: string; username: string; name: string }> = await tx.query(
    `SELECT x_user_id, username, name FROM feeds.accounts WHERE lower(username) = lower($1) LIMIT 1`,
    [username],
  );
  return rows[0] ? { id: rows[0].x_user_id, username: rows[0].username, name: rows[0].name } : null;
}

/** Inserts or changes the follow; `created` is false when the group already followed the account. */
export async function upsertFollow(tx: Tx, f: Omit<FollowRow, 'since'> & { createdBy: number; now: Date }): Promise<{ created: boolean }> {
  const rows: Array<{ created: boolean }> = await tx.query(
    `INSERT INTO feeds.follows (chat_id, x_user_id, bot_id, replies, reposts, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (chat_id, x_user_id) DO UPDATE SET replies = EXCLUDED.replies, reposts = EXCLUDED.reposts
     RETURNING (xmax = 0) AS created`,
    [f.chatId, f.xUserId, f.botId, f.replies, f.reposts, f.createdBy, f.now],
  );
  return { created: rows[0]!.created };
}

export async function countFollows(tx: Tx, chatId: ChatId): Promise<number> {
  const [row] = await tx.query(`SELECT count(*)::int AS n FROM feeds.follows WHERE chat_id = $1`, [chatId]);
  return row.n as number;
}

/** Removes the group's follow of the account with this handle (any case); the account's id, or null. */
export async function deleteFollow(tx: Tx, chatId: ChatId, username: string): Promise<{ xUserId: string; username: string } | null> {
  const rows: Array<{ x_user_id: string; username: string }> = await tx.query(
    // In a CTE: TypeORM answers a bare DELETE ... RETURNING as [rows, count].
    `WITH gone AS (
       DELETE FROM feeds.follows f USING feeds.accounts a
        WHERE f.chat_id = $1 AND a.x_user_id = f.x_user_id AND lower(a.username) = lower($2)
        RETURNING f.x_user_id, a.username)
     SELECT * FROM gone`,
    [chatId, username],
  );
  return rows[0] ? { xUserId: rows[0].x_user_id, username: rows[0].username } : null;
}

export async function listFollows(tx: Tx, chatId: ChatId): Promise<FollowView[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT f.*, a.username, a.name, a.last_post_at, a.next_poll_at, a.interval_ms, a.unavailable_since
       FROM feeds.follows f JOIN feeds.accounts a USING (x_user_id)
      WHERE f.chat_id = $1 ORDER BY lower(a.username)`,
    [chatId],
  );
  return rows.map((r) => ({
    ...toFollow(r),
    username: r.username as string,
    name: r.name as string,
    lastPostAt: (r.last_post_at as Date | null) ?? null,
    nextPollAt: r.next_poll_at as Date,
    intervalMs: Number(r.interval_ms),
    unavailable: r.unavailable_since !== null,
  }));
}

/** Every group following the account, in chat id order (the order forwards are queued and costs shared). */
export async function followersOf(tx: Tx, xUserId: string): Promise<FollowRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM feeds.follows WHERE x_user_id = $1 ORDER BY chat_id`, [xUserId]);
  return rows.map(toFollow);
}

/** A group that became a supergroup keeps its follows. */
export async function moveFollows(tx: Tx, from: ChatId, to: ChatId): Promise<number> {
  return affectedRows(
    tx,
    `UPDATE feeds.follows SET chat_id = $2 WHERE chat_id = $1
        AND NOT EXISTS (SELECT 1 FROM feeds.follows g WHERE g.chat_id = $2 AND g.x_user_id = feeds.follows.x_user_id)`,
    [from, to],
  );
}
