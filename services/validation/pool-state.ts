// Where a raid's pool stands, for the words the group reads about it: a funded pool (held in the ledger) is
// split when it is paid (payout.ts), so an admin's decision before then changes the split; an unfunded pool
// (a number: money off, or launched before it) keeps the shares computed at validation.
import { poolAsset, type RaidRecord } from '../raids/index.js';
import type { ValidationDeps } from './deps.js';

/** 'none': no pool; 'unfunded': shares are figures fixed at validation; 'held': funded, not paid yet (a
 * decision counts in the split); 'settled': funded and already paid out or returned. */
export type PoolState = 'none' | 'unfunded' | 'held' | 'settled';

export async function poolState(deps: Pick<ValidationDeps, 'db' | 'money'>, raid: Pick<RaidRecord, 'id' | 'rewardPool'>): Promise<PoolState> {
  const pool = raid.rewardPool;
  if (!pool) return 'none';
  const asset = deps.money ? poolAsset(pool, deps.money) : null;
  if (!deps.money || !asset) return 'unfunded';
  const settled: Array<{ status: string }> = await deps.db.query(`SELECT status FROM validation.payouts WHERE raid_id = $1`, [raid.id]);
  if (settled[0]) return settled[0].status === 'unheld' ? 'unfunded' : 'settled';
  return (await deps.money.ledger.balance({ kind: 'group_pool', owner: raid.id }, asset)) > 0n ? 'held' : 'unfunded';
}
