// Read model of a group's raids for the Mini App's lists: newest first by id (the database numbers raids in
// launch order), paged by keyset so a page stays cheap however many raids the group has run.
import type { Tx } from '../platform/database.js';
import { RAID_COLUMNS, toRaid } from './raid-store.js';
import type { RaidRecord } from './types.js';

/** A raid as a list shows it: the raid and how many members claimed it. */
export interface RaidSummary extends RaidRecord {
  claimCount: number;
}

/** The group's raids with an id below `beforeId` (all when absent), newest first, at most `limit`. */
export async function raidPage(tx: Tx, chatId: number, options: { beforeId?: string; limit: number }): Promise<RaidSummary[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${RAID_COLUMNS}, (SELECT count(*)::int FROM raids.claims c WHERE c.raid_id = raids.raids.id) AS claim_count
       FROM raids.raids
      WHERE chat_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint)
      ORDER BY id DESC LIMIT $3`,
    [chatId, options.beforeId ?? null, options.limit],
  );
  return rows.map((r) => ({ ...toRaid(r), claimCount: r.claim_count as number }));
}

/** How many members claimed the raid. */
export async function claimCount(tx: Tx, raidId: string): Promise<number> {
  const rows: Array<{ n: number }> = await tx.query(`SELECT count(*)::int AS n FROM raids.claims WHERE raid_id = $1`, [raidId]);
  return rows[0]?.n ?? 0;
}
