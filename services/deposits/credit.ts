// Crediting: a pending deposit with enough confirmations is posted to the group's balance once its block is
// checked again to be the canonical one at its height (and, for a native transfer, its receipt to be a
// success in that block). The ledger posting (idempotency key deposit:<chain>:<tx>:<log>), the status change
// and the group's notice commit in one transaction, so a crash anywhere re-credits nothing twice: before the
// commit nothing happened, after it the row is `credited` and the key is taken.
import type { ScanContext } from './scan-context.js';
import { tokenInfo } from './scan-context.js';
import { dueDeposits, rowOf, type DepositRow } from './store.js';

const BATCH = 200;

/** The credit's idempotency key; a deposit reversed and found again later is credited under `...:<generation>`. */
export const depositKey = (chainId: number, d: Pick<DepositRow, 'txHash' | 'logIndex' | 'generation'>) =>
  `deposit:${chainId}:${d.txHash}:${d.logIndex}${d.generation ? `:${d.generation}` : ''}`;

export async function creditDue(ctx: ScanContext, head: number): Promise<{ credited: number; dropped: number }> {
  const { deps, chain, rpc } = ctx;
  const needed = Math.max(1, chain.confirmations);
  const due = await dueDeposits(deps.db.manager, chain.id, head, needed, BATCH);
  if (!due.length) return { credited: 0, dropped: 0 };
  // One call per distinct block and per native deposit: the count follows the deposits, never the addresses.
  const heights = [...new Set(due.map((d) => d.blockNumber))];
  const natives = due.filter((d) => d.logIndex === -1);
  const [blocks, receipts] = await Promise.all([
    Promise.all(heights.map((n) => rpc.block(n, false))),
    Promise.all(natives.map((d) => rpc.receipt(d.txHash))),
  ]);
  const canonical = new Map(heights.map((n, i) => [n, blocks[i]?.hash ?? null]));
  const receiptOf = new Map(natives.map((d, i) => [d.txHash, receipts[i] ?? null]));
  let credited = 0;
  let dropped = 0;
  for (const d of due) {
    // Not the canonical block any more: a reorg the cursor has not met yet; the next pass rewinds past it.
    if (canonical.get(d.blockNumber) !== d.blockHash) continue;
    if (d.logIndex === -1) {
      const receipt = receiptOf.get(d.txHash);
      if (!receipt || receipt.blockHash !== d.blockHash) continue;
      if (receipt.status === '0x0') {
        // A failed transaction moved no value, though its block lists it with one.
        await deps.db.query(`UPDATE deposits.deposits SET status = 'dropped' WHERE id = $1 AND status = 'seen'`, [d.id]);
        dropped++;
        continue;
      }
    }
    if (await creditOne(ctx, d, head)) credited++;
  }
  ctx.metrics.credited.inc({ chain: String(chain.id) }, credited);
  return { credited, dropped };
}

async function creditOne(ctx: ScanContext, found: DepositRow, head: number): Promise<boolean> {
  const { deps, chain } = ctx;
  const group = await deps.groups.get(found.chatId);
  return deps.db.transaction(async (tx) => {
    // Locked and re-read: another scanner of this chain (two workers during a deploy) may have credited it.
    const rows: Array<Record<string, unknown>> = await tx.query(
      `SELECT * FROM deposits.deposits WHERE id = $1 AND status = 'seen' AND block_hash = $2 FOR UPDATE`,
      [found.id, found.blockHash],
    );
    if (!rows[0]) return false;
    const d = rowOf(rows[0]);
    const asset = { chainId: chain.id, token: d.token };
    const key = depositKey(chain.id, d);
    const posting = await deps.ledger.post(tx, {
      idempotencyKey: key,
      kind: 'deposit',
      lines: [
        { account: { kind: 'chain', owner: 'world' }, asset, amount: -d.amount },
        { account: { kind: 'group_balance', owner: String(d.chatId) }, asset, amount: d.amount },
      ],
      reference: { chainId: chain.id, txHash: d.txHash, logIndex: d.logIndex, to: d.to },
      memo: 'deposit',
    });
    const confirmations = head - d.blockNumber + 1;
    await tx.query(
      `UPDATE deposits.deposits SET status = 'credited', credited_at = $2, posting_id = $3, confirmations = $4 WHERE id = $1`,
      [d.id, deps.clock.now(), posting.id, confirmations],
    );
    if (group) {
      const { symbol, decimals } = tokenInfo(chain, d.token);
      await deps.notifications.enqueue(tx, {
        botId: group.botId,
        chatId: d.chatId,
        method: 'sendMessage',
        dedupeKey: key,
        payload: deps.messages(group.botId).credited({
          chainId: chain.id, chainName: chain.name, explorerUrl: chain.explorerUrl ?? null, token: d.token, symbol, decimals,
          amount: d.amount, from: d.from, txHash: d.txHash, confirmations,
        }),
      });
    } else {
      deps.log.warn({ chainId: chain.id, txHash: d.txHash, chatId: d.chatId }, 'deposit credited to a group not registered: no notice sent');
    }
    return true;
  });
}
