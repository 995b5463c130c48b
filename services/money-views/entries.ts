// A ledger line as a money view shows it: what happened (the posting's kind), the signed amount and the
// balance after, in the asset's units, with the chain transaction behind it where there is one.
import type { ChainConfig } from '../platform/chains.js';
import type { OwnerStatementEntry } from '../ledger/index.js';
import { explorerTxUrl, type AssetInfo } from './assets.js';

export interface MoneyEntry {
  /** The ledger line's id: unique, stable. */
  id: string;
  postingId: string;
  at: Date;
  /** The posting's kind as the ledger has it: deposit, deposit.reversal, raid.hold, raid.payout, raid.hold_void,
   * and the withdrawal kinds; a view names the ones it knows and shows others as they are. */
  kind: string;
  asset: AssetInfo;
  /** Added to the account (negative: taken from it), in the token's smallest unit. */
  amount: bigint;
  balanceAfter: bigint;
  /** The raid a hold or payout is for. */
  raidId: string | null;
  /** The chain transaction (a deposit's, a withdrawal's), and its page on the chain's explorer when configured. */
  txHash: string | null;
  explorerUrl: string | null;
}

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 100 ? v : null);

export function entryOf(e: OwnerStatementEntry, asset: AssetInfo, chains: readonly ChainConfig[]): MoneyEntry {
  const txHash = text(e.reference.txHash);
  return {
    id: e.lineId,
    postingId: e.postingId,
    at: e.createdAt,
    kind: e.kind,
    asset,
    amount: e.amount,
    balanceAfter: e.balanceAfter,
    raidId: text(e.reference.raidId),
    txHash,
    explorerUrl: explorerTxUrl(chains, e.asset.chainId, txHash),
  };
}
