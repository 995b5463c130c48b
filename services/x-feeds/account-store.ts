// SQL of the polled accounts: claiming the due ones under a lease, and writing each poll's outcome.
import type { Tx } from '../platform/database.js';

export interface AccountRow {
  xUserId: string;
  username: string;
  name: string;
  cursorId: string | null;
  intervalMs: number;
  nextPollAt: Date;
}

const toAccount = (r: Record<string, unknown>): AccountRow => ({
  xUserId: r.x_user_id as string,
  username: r.username as string,
  name: r.name as string,
  cursorId: (r.cursor_id as string | null) ?? null,
  intervalMs: Number(r.interval_ms),
  nextPollAt: r.next_poll_at as Date,
});

/**
 * Takes up to `limit` due accounts that someone follows, most overdue first, and leases them until
 * `leaseUntil`: another worker skips them meanwhile (SKIP LOCKED while claiming, the lease after). A worker
 * that dies mid-poll leaves the lease to expire; the account is then due again with its cursor untouched.
 */
export async function claimDue(tx: Tx, now: Date, leaseUntil: Date, limit: number): Promise<AccountRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    // In a CTE: TypeORM answers a bare UPDATE ... RETURNING as [rows, count].
    `WITH claimed AS (
       UPDATE feeds.accounts a SET lease_until = $2
         FROM (SELECT x_user_id FROM feeds.accounts c
                WHERE c.next_poll_at <= $1 AND (c.lease_until IS NULL OR c.lease_until <= $1)
                  AND (EXISTS (SELECT 1 FROM feeds.follows f WHERE f.x_user_id = c.x_user_id)
                       OR EXISTS (SELECT 1 FROM feeds.auto_raids r WHERE r.x_user_id = c.x_user_id))
                ORDER BY c.next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE a.x_user_id = due.x_user_id
        RETURNING a.*)
     SELECT * FROM claimed`,
    [now, leaseUntil, limit],
  );
  return rows.map(toAccount).sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime());
}

/** The cursor as committed now, row locked until the caller's transaction ends. */
export async function lockCursor(tx: Tx, xUserId: string): Promise<{ cursorId: string | null } | null> {
  const rows: Array<{ cursor_id: string | null }> = await tx.query(`SELECT cursor_id FROM feeds.accounts WHERE x_user_id = $1 FOR UPDATE`, [xUserId]);
  return rows[0] ? { cursorId: rows[0].cursor_id } : null;
}

export interface PollOutcome {
  cursorId: string | null;
  intervalMs: number;
  nextPollAt: Date;
  polledAt: Date;
  lastPostAt: Date | null;
  unavailable: boolean;
  /** The profile as X gave it with the posts (a renamed account shows its new name). */
  profile?: { username: string; name: string } | undefined;
}

export async function recordPoll(tx: Tx, xUserId: string, o: PollOutcome): Promise<void> {
  await tx.query(
    `UPDATE feeds.accounts SET cursor_id = $2, interval_ms = $3, next_poll_at = $4, last_polled_at = $5,
            last_post_at = GREATEST(last_post_at, $6), lease_until = NULL,
            unavailable_since = CASE WHEN $7 THEN coalesce(unavailable_since, $5) END,
            username = coalesce($8, username), name = coalesce($9, name)
      WHERE x_user_id = $1`,
    [xUserId, o.cursorId, o.intervalMs, o.nextPollAt, o.polledAt, o.lastPostAt, o.unavailable, o.profile?.username ?? null, o.profile?.name ?? null],
  );
}

/** Nothing read (X asked us to come back later, or nobody could receive): only when to try again. */
export async function reschedule(tx: Tx, xUserId: string, nextPollAt: Date): Promise<void> {
  await tx.query(`UPDATE feeds.accounts SET next_poll_at = $2, lease_until = NULL WHERE x_user_id = $1`, [xUserId, nextPollAt]);
}
