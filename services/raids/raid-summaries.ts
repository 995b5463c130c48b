import type { Tx } from '../platform/database.js';
import { EMPTY_PROGRESS } from './raid-store.js';
import type { RaidRecord } from './types.js';

// A group's raids as its dashboard lists them: the raid's own facts and how many members claimed it, in
// one query (a claim count per raid, not every claim row).

export type RaidSummary = Pick<RaidRecord, 'id' | 'chatId' | 'status' | 'postUrl' | 'targets' | 'progress' | 'startedAt' | 'endsAt' | 'endedAt'> & {
  claimCount: number;
};

/** The group's last `limit` raids, newest first, each with its claim count. */
export async function recentRaidsOf(tx: Tx, chatId: number, limit: number): Promise<RaidSummary[]> {
  const rows: Array<{
    id: string; chat_id: string; status: RaidRecord['status']; post_url: string; targets: RaidRecord['targets']; progress: Partial<RaidRecord['progress']>;
    started_at: Date; ends_at: Date; ended_at: Date | null; claim_count: number;
  }> = await tx.query(
    `SELECT r.id::text AS id, r.chat_id, r.status, r.post_url, r.targets, r.progress, r.started_at, r.ends_at, r.ended_at,
            (SELECT count(*)::int FROM raids.claims c WHERE c.raid_id = r.id) AS claim_count
       FROM raids.raids r
      WHERE r.chat_id = $1
      ORDER BY r.id DESC
      LIMIT $2`,
    [chatId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    chatId: Number(r.chat_id),
    status: r.status,
    postUrl: r.post_url,
    targets: r.targets,
    progress: { ...EMPTY_PROGRESS, ...r.progress },
    startedAt: r.started_at,
    endsAt: r.ends_at,
    endedAt: r.ended_at,
    claimCount: r.claim_count,
  }));
}

/** How many members claimed the raid. */
export async function claimCountOf(tx: Tx, raidId: string): Promise<number> {
  const [row] = (await tx.query(`SELECT count(*)::int AS n FROM raids.claims WHERE raid_id = $1`, [raidId])) as [{ n: number }];
  return row.n;
}
