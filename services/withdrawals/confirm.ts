// Confirming what was sent: a receipt with the chain's confirmations whose block is still the canonical one at
// its height is recorded in one transaction (status, the ledger's `withdraw-paid:<id>` or, for a reverted
// transaction, `withdraw-failed:<id>`, the history event and the member's notice), so a crash before the
// commit records nothing and the next pass reads the receipt again; after it, the keys are taken.
// A sent transaction the node no longer knows (a reorg dropped it, a mempool evicted it, a node restarted)
// is broadcast again: the same bytes, so it can still land only once.
import { privateChatOf } from '../platform/telegram-ids.js';
import type { RawReceipt } from '../platform/evm-rpc.js';
import type { PayContext } from './pay-context.js';
import { explorerTxUrl, openOf, requiredConfirmations, rowOf, tokenOf, updated, type WithdrawalRow } from './store.js';

export async function confirmSent(ctx: PayContext): Promise<{ confirmed: number; failed: number; rebroadcast: number }> {
  const { deps, chain, rpc } = ctx;
  const rows = await openOf(deps.db.manager, chain.id, ['sent'], 5000);
  const out = { confirmed: 0, failed: 0, rebroadcast: 0 };
  if (!rows.length) return out;
  const head = await rpc.blockNumber();
  const receipts = await Promise.all(rows.map((r) => rpc.receipt(r.txHash!)));
  const needed = requiredConfirmations(chain);
  const due = new Set<number>();
  receipts.forEach((r) => r && head - Number(r.blockNumber) + 1 >= needed && due.add(Number(r.blockNumber)));
  const heights = [...due];
  const blocks = await Promise.all(heights.map((n) => rpc.block(n, false)));
  const canonical = new Map(heights.map((n, i) => [n, blocks[i]?.hash ?? null]));
  for (const [i, row] of rows.entries()) {
    const receipt = receipts[i];
    if (!receipt) {
      if (row.blockNumber !== null) await forgetBlock(ctx, row);
      if (!(await rpc.transaction(row.txHash!))) {
        const again = await rpc.sendRawTransaction(row.rawTx!);
        out.rebroadcast++;
        ctx.metrics.rebroadcast.inc({ chain: String(chain.id) });
        deps.log.warn({ chainId: chain.id, withdrawalId: row.id, txHash: row.txHash, accepted: again.ok }, 'withdrawal transaction unknown to the node; broadcast again (same bytes)');
      }
      continue;
    }
    const height = Number(receipt.blockNumber);
    const confirmations = head - height + 1;
    if (confirmations < needed) {
      if (row.blockHash !== receipt.blockHash || row.confirmations !== confirmations) {
        await deps.db.query(`UPDATE withdrawals.withdrawals SET block_number = $2, block_hash = $3, confirmations = $4 WHERE id = $1 AND status = 'sent'`, [row.id, height, receipt.blockHash, Math.max(0, confirmations)]);
      }
      continue;
    }
    // A receipt from a block a reorg is replacing: wait for the node to settle on its branch.
    if (canonical.get(height) !== receipt.blockHash) continue;
    await deps.hooks?.beforeReceiptRecorded?.(row.id);
    const outcome = await record(ctx, row.id, receipt, confirmations);
    if (outcome === 'confirmed') out.confirmed++;
    if (outcome === 'failed') out.failed++;
  }
  ctx.metrics.confirmed.inc({ chain: String(chain.id) }, out.confirmed);
  ctx.metrics.failed.inc({ chain: String(chain.id) }, out.failed);
  return out;
}

async function forgetBlock(ctx: PayContext, row: WithdrawalRow) {
  await ctx.deps.db.query(`UPDATE withdrawals.withdrawals SET block_number = NULL, block_hash = NULL, confirmations = 0 WHERE id = $1 AND status = 'sent'`, [row.id]);
}

async function record(ctx: PayContext, id: string, receipt: RawReceipt, confirmations: number): Promise<'confirmed' | 'failed' | null> {
  const { deps, chain } = ctx;
  return deps.db.transaction(async (tx) => {
    // Locked and re-read: another worker (two replicas during a deploy) may have recorded it.
    const rows: Array<Record<string, unknown>> = await tx.query(`SELECT * FROM withdrawals.withdrawals WHERE id = $1 AND status IN ('signed', 'sent') FOR UPDATE`, [id]);
    if (!rows[0]) return null;
    const w = rowOf(rows[0]);
    // A reverted transaction moved nothing (ganache and geth both mark it status 0x0).
    const paid = receipt.status !== '0x0';
    const asset = { chainId: chain.id, token: w.token };
    const inFlight = { kind: 'withdrawals_in_flight' as const, owner: w.id };
    const key = `${paid ? 'withdraw-paid' : 'withdraw-failed'}:${w.id}`;
    const posting = await deps.ledger.post(tx, {
      idempotencyKey: key,
      kind: paid ? 'withdrawal.paid' : 'withdrawal.failed',
      lines: [
        { account: inFlight, asset, amount: -w.amount },
        paid ? { account: { kind: 'chain', owner: 'world' }, asset, amount: w.amount } : { account: { kind: 'member_rewards', owner: String(w.telegramId) }, asset, amount: w.amount },
      ],
      reference: { withdrawalId: w.id, chainId: chain.id, txHash: w.txHash, blockHash: receipt.blockHash },
      memo: paid ? 'withdrawal paid' : 'withdrawal failed on chain',
    });
    const status = paid ? 'confirmed' : 'failed';
    await updated(
      tx,
      `UPDATE withdrawals.withdrawals SET status = $2, done_posting_id = $3, block_number = $4, block_hash = $5, confirmations = $6, done_at = $7 WHERE id = $1`,
      [w.id, status, posting.id, Number(receipt.blockNumber), receipt.blockHash, confirmations, deps.clock.now()],
    );
    const data = { chainId: chain.id, txHash: w.txHash!, blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash, postingId: posting.id };
    await deps.history.append(tx, { actor: { kind: 'system' }, action: paid ? 'withdrawal.confirmed' : 'withdrawal.failed', subject: { kind: 'withdrawal', id: w.id }, data });
    const token = tokenOf(chain, w.token) ?? { symbol: w.token, decimals: 0 };
    const notice = { withdrawalId: w.id, chainName: chain.name, symbol: token.symbol, decimals: token.decimals, amount: w.amount, to: w.to, txHash: w.txHash!, explorerUrl: explorerTxUrl(chain, w.txHash) };
    const messages = deps.messages(w.botId);
    await deps.notifications.enqueue(tx, {
      botId: w.botId,
      chatId: privateChatOf(w.telegramId),
      method: 'sendMessage',
      dedupeKey: key,
      payload: paid ? messages.paid(notice) : messages.failed(notice),
    });
    return status;
  });
}
