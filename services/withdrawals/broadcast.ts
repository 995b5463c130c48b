// Broadcasting what is signed, in nonce order. A node that refuses ("already known", "nonce too low": a
// re-broadcast after a crash of a transaction already in its mempool or mined) is asked for the hash: if it
// knows the transaction, it is sent. A refusal for a transaction it does not know leaves the row `signed`,
// retried next pass with the same bytes (a wallet short of gas; a nonce someone else used: see README).
import type { PayContext } from './pay-context.js';
import { openOf, updated } from './store.js';

export async function broadcastSigned(ctx: PayContext): Promise<number> {
  const { deps, chain, rpc } = ctx;
  const rows = await openOf(deps.db.manager, chain.id, ['signed'], 5000);
  let sent = 0;
  for (const row of rows) {
    const result = await rpc.sendRawTransaction(row.rawTx!);
    if (!result.ok && !(await rpc.transaction(row.txHash!))) {
      ctx.metrics.refused.inc({ chain: String(chain.id) });
      deps.log.error({ chainId: chain.id, withdrawalId: row.id, nonce: row.nonce, txHash: row.txHash, refusal: result.message }, 'withdrawal broadcast refused; retried next pass');
      continue;
    }
    await deps.hooks?.afterBroadcast?.(row.id);
    await deps.db.transaction(async (tx) => {
      if (!(await updated(tx, `UPDATE withdrawals.withdrawals SET status = 'sent', sent_at = $2 WHERE id = $1 AND status = 'signed'`, [row.id, deps.clock.now()]))) return;
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'withdrawal.sent', subject: { kind: 'withdrawal', id: row.id }, data: { chainId: chain.id, txHash: row.txHash! } });
      sent++;
    });
  }
  ctx.metrics.sent.inc({ chain: String(chain.id) }, sent);
  return sent;
}
