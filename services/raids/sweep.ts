import type { DataSource } from 'typeorm';

export interface SweepFindings {
  /** Still active well past their end (their end job was lost): end them now. */
  overdue: string[];
  /** Ended with the chat still locked (an unlock was lost or keeps failing for a passing reason). */
  locked: string[];
  /** Ended long ago and still not validated (the validation job was lost or gave up). */
  unvalidated: string[];
  /** Open restores of chats a failed launch had locked (raids.restores, restore.ts): try again. */
  restores: string[];
  /** Running: their tick and end jobs are scheduled again (a no-op for jobs Redis still has). */
  running: string[];
}

/** Raids that the jobs left behind. Jobs live in Redis, which may lose them; this reads the truth in Postgres
 * so that no raid stays active, locked or unjudged for ever. */
export async function findLeftBehind(db: DataSource, now: Date, graceMs: number): Promise<SweepFindings> {
  const ids = async (sql: string, params: unknown[]) => ((await db.query(sql, params)) as Array<{ id: string }>).map((r) => r.id);
  const [overdue, locked, unvalidated, running, restores] = await Promise.all([
    ids(`SELECT id::text AS id FROM raids.raids WHERE status = 'active' AND ends_at < $1::timestamptz - interval '2 minutes' ORDER BY id LIMIT 100`, [now]),
    ids(`SELECT id::text AS id FROM raids.raids WHERE status <> 'active' AND lock_applied AND unlocked_at IS NULL AND unlock_failed_at IS NULL ORDER BY id LIMIT 100`, []),
    // Well after its own job should have run (grace + X's settle time + a margin for retries).
    ids(`SELECT id::text AS id FROM raids.raids WHERE status = 'ended' AND validate_after < $1::timestamptz - make_interval(secs => $2) ORDER BY id LIMIT 20`, [now, graceMs / 1000 + 600]),
    ids(`SELECT id::text AS id FROM raids.raids WHERE status = 'active' AND ends_at >= $1::timestamptz - interval '2 minutes' ORDER BY id LIMIT 1000`, [now]),
    ids(`SELECT id::text AS id FROM raids.restores WHERE restored_at IS NULL AND given_up_at IS NULL ORDER BY id LIMIT 100`, []),
  ]);
  return { overdue, locked, unvalidated, running, restores };
}
