import type { Asset } from '../ledger/index.js';
import type { RaidMoney } from './deps.js';
import type { RaidRecord } from './types.js';

/** The asset a raid's pool is in: the one stored at launch, or, for raids launched before it was stored,
 * the symbol looked up on today's chains (which can differ if the chains' list changed since). */
export function poolAsset(pool: NonNullable<RaidRecord['rewardPool']>, money: Pick<RaidMoney, 'assetOf'>): Asset | null {
  return pool.asset ?? money.assetOf(pool.token);
}
