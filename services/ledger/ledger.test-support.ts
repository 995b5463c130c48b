// What the ledger tests and the bench share: a ledger over a real history, and the books checked from the
// lines themselves (independent of the balances the triggers keep).
import type { DataSource } from 'typeorm';
import { createHistory } from '../history/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import type { Clock } from '../platform/clock.js';
import { createLedger, type Asset, type Ledger, type LedgerAccount } from './index.js';

export function ledgerOver(db: DataSource, clock: Clock): Ledger {
  const base = { db, clock, log: silentLogger(), metrics: createMetrics({ defaults: false }) };
  return createLedger({ ...base, history: createHistory(base) });
}

export const NATIVE: Asset = { chainId: 1, token: 'native' };
export const USDT: Asset = { chainId: 1, token: '0xdac17f958d2ee523a2206206994597c13d831ec7' };
export const WORLD: LedgerAccount = { kind: 'chain', owner: 'world' };
export const group = (owner: string): LedgerAccount => ({ kind: 'group_balance', owner });
export const member = (owner: string): LedgerAccount => ({ kind: 'member_rewards', owner });

/** Per asset, the sum of every line ever posted (zero when the books balance). */
export async function sumsPerAsset(db: DataSource): Promise<Record<string, string>> {
  const rows: Array<{ asset: string; total: string }> = await db.query(
    `SELECT chain_id || '/' || token AS asset, sum(amount)::text AS total FROM ledger.lines GROUP BY chain_id, token ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.asset, r.total]));
}

/** Accounts whose stored balance or line count differs from their lines, or whose lines' balance_after is not
 * the running sum in account_seq order. */
export async function driftedBalances(db: DataSource): Promise<unknown[]> {
  return db.query(
    `WITH running AS (
       SELECT account_id, account_seq, balance_after,
              sum(amount) OVER (PARTITION BY account_id ORDER BY account_seq) AS sum_so_far,
              row_number() OVER (PARTITION BY account_id ORDER BY account_seq) AS n
         FROM ledger.lines)
     SELECT b.account_id::text, b.balance::text, b.lines::text,
            (SELECT count(*) FROM running r WHERE r.account_id = b.account_id)::text AS line_count,
            (SELECT count(*) FROM running r WHERE r.account_id = b.account_id AND (r.balance_after <> r.sum_so_far OR r.account_seq <> r.n))::text AS bad_lines
       FROM ledger.balances b
      WHERE b.balance <> coalesce((SELECT sum(amount) FROM ledger.lines l WHERE l.account_id = b.account_id), 0)
         OR b.lines <> (SELECT count(*) FROM running r WHERE r.account_id = b.account_id)
         OR EXISTS (SELECT 1 FROM running r WHERE r.account_id = b.account_id AND (r.balance_after <> r.sum_so_far OR r.account_seq <> r.n))`,
  );
}

/** A deposit from the chain into a group's balance. */
export function deposit(ledger: Ledger, key: string, owner: string, amount: bigint, asset: Asset = NATIVE) {
  return ledger.post({
    idempotencyKey: key,
    kind: 'deposit',
    lines: [
      { account: WORLD, asset, amount: -amount },
      { account: group(owner), asset, amount },
    ],
    reference: { txHash: key },
  });
}
