// A reorg deeper than the chain's confirmations removed the block of a deposit already credited, and the
// rescan did not find the transaction again on the new branch (confirmations deep past where it was): the
// credit is corrected by a new posting that takes the amount back (group balance -x, chain +x), never by
// changing the old one. Raised as an alert when flagged (scan.ts) and again here when reversed. A group that
// has already spent the money cannot be taken below zero: that reversal is refused, logged as an alert and
// tried again each pass until an operator settles it.
import { InsufficientFundsError } from '../ledger/index.js';
import type { ScanContext } from './scan-context.js';
import { orphanedCredits, rowOf } from './store.js';

export async function reverseOrphans(ctx: ScanContext, cursor: number): Promise<number> {
  const { deps, chain } = ctx;
  const orphans = await orphanedCredits(deps.db.manager, chain.id, cursor, Math.max(1, chain.confirmations));
  let reversed = 0;
  for (const orphan of orphans) {
    try {
      const done = await deps.db.transaction(async (tx) => {
        const rows: Array<Record<string, unknown>> = await tx.query(
          `SELECT * FROM deposits.deposits WHERE id = $1 AND status = 'credited' AND reorged_at IS NOT NULL FOR UPDATE`,
          [orphan.id],
        );
        if (!rows[0]) return false;
        const d = rowOf(rows[0]);
        const asset = { chainId: chain.id, token: d.token };
        const posting = await deps.ledger.post(tx, {
          idempotencyKey: `deposit-reversal:${chain.id}:${d.txHash}:${d.logIndex}:${d.generation}`,
          kind: 'deposit.reversal',
          lines: [
            { account: { kind: 'group_balance', owner: String(d.chatId) }, asset, amount: -d.amount },
            { account: { kind: 'chain', owner: 'world' }, asset, amount: d.amount },
          ],
          reference: { chainId: chain.id, txHash: d.txHash, logIndex: d.logIndex, reverses: d.postingId },
          memo: 'deposit removed by a reorg deeper than the confirmations',
        });
        await tx.query(`UPDATE deposits.deposits SET status = 'reversed', reversal_posting_id = $2 WHERE id = $1`, [d.id, posting.id]);
        deps.log.error({ chainId: chain.id, txHash: d.txHash, logIndex: d.logIndex, postingId: d.postingId, reversalPostingId: posting.id }, 'ALERT: credited deposit reversed after a deep reorg');
        return true;
      });
      if (done) reversed++;
    } catch (error) {
      if (!(error instanceof InsufficientFundsError)) throw error;
      deps.log.error({ chainId: chain.id, txHash: orphan.txHash, logIndex: orphan.logIndex, chatId: orphan.chatId }, 'ALERT: a deep reorg removed a credited deposit and the group balance is short of reversing it; an operator must settle it');
    }
  }
  return reversed;
}
