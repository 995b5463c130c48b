// Signing a batch: the requested withdrawals of one chain get consecutive nonces of the hot wallet, are signed
// offline, and the signed bytes, hash and nonce are COMMITTED (status `signed`) before anything is broadcast.
// From then on only those bytes are ever sent, so a crash anywhere later re-sends the same transaction and
// the chain can include it at most once (one nonce, one hash).
//
// Two workers never hand out one nonce twice: the per (chain, hot address) counter row is taken FOR UPDATE
// in the signing transaction, so signers of one wallet queue on it; the rows are claimed after that lock (a
// fresh snapshot in READ COMMITTED sees what the previous signer committed) and FOR UPDATE SKIP LOCKED (a
// request being written is skipped, not waited for). UNIQUE (chain, from, nonce) backs this in the schema.
import { Interface, keccak256 } from 'ethers';
import type { FeeData } from '../platform/evm-rpc.js';
import type { PayContext } from './pay-context.js';
import { rowOf, type WithdrawalRow } from './store.js';

const erc20 = new Interface(['function transfer(address to, uint256 value) returns (bool)']);
const NATIVE_GAS = 21_000n;

export async function signBatch(ctx: PayContext): Promise<number> {
  const { deps, chain, rpc, from } = ctx;
  const waiting: unknown[] = await deps.db.query(`SELECT 1 FROM withdrawals.withdrawals WHERE chain_id = $1 AND status = 'requested' LIMIT 1`, [chain.id]);
  if (!waiting.length) return 0;
  // Read before the transaction: no RPC call while the counter's lock is held.
  const [chainNonce, fees] = await Promise.all([rpc.transactionCount(from, 'pending'), rpc.feeData()]);
  const signed = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO withdrawals.nonces (chain_id, address, next_nonce, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [chain.id, from, chainNonce, now],
    );
    const [counter] = (await tx.query(`SELECT next_nonce FROM withdrawals.nonces WHERE chain_id = $1 AND address = $2 FOR UPDATE`, [chain.id, from])) as [{ next_nonce: string }];
    // Ours may be ahead of the node (signed, not yet broadcast); the node may be ahead of ours (the operator
    // used the wallet by hand): the higher one is free. Below the node's count every nonce is taken.
    let nonce = Math.max(Number(counter.next_nonce), chainNonce);
    const rows = ((await tx.query(
      `SELECT * FROM withdrawals.withdrawals WHERE chain_id = $1 AND status = 'requested' ORDER BY token, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [chain.id, deps.batchSize ?? 100],
    )) as Array<Record<string, unknown>>).map(rowOf);
    if (!rows.length) return [];
    await deps.hooks?.beforeSign?.(rows.map((r) => r.id));
    for (const row of rows) {
      const raw = await deps.hotWallet.signTransaction(transferOf(ctx, row, nonce, fees));
      const hash = keccak256(raw);
      await tx.query(
        `UPDATE withdrawals.withdrawals SET status = 'signed', from_address = $2, nonce = $3, raw_tx = $4, tx_hash = $5, signed_at = $6 WHERE id = $1 AND status = 'requested'`,
        [row.id, from, nonce, raw, hash, now],
      );
      await deps.history.append(tx, { actor: { kind: 'system' }, action: 'withdrawal.signed', subject: { kind: 'withdrawal', id: row.id }, data: { chainId: chain.id, from, nonce, txHash: hash } });
      nonce++;
    }
    await tx.query(`UPDATE withdrawals.nonces SET next_nonce = $3, updated_at = $4 WHERE chain_id = $1 AND address = $2`, [chain.id, from, nonce, now]);
    return rows.map((r) => r.id);
  });
  if (!signed.length) return 0;
  ctx.metrics.signed.inc({ chain: String(chain.id) }, signed.length);
  await deps.hooks?.afterSign?.(signed);
  return signed.length;
}

/** One transfer per withdrawal: an ERC-20 `transfer(to, amount)` from the hot wallet, or a plain value send.
 * The gas limit is fixed, not estimated: an estimate of a transfer that would revert fails, and such a
 * transfer must still go on chain and fail there for its amount to come back (and not block later nonces). */
function transferOf(ctx: PayContext, row: WithdrawalRow, nonce: number, fees: FeeData) {
  const fee = fees.type === 2 ? { type: 2, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas } : { type: 0, gasPrice: fees.gasPrice };
  const common = { ...fee, chainId: ctx.chain.id, nonce };
  return row.token === 'native'
    ? { ...common, to: row.to, value: row.amount, data: '0x', gasLimit: NATIVE_GAS }
    : { ...common, to: row.token, value: 0n, data: erc20.encodeFunctionData('transfer', [row.to, row.amount]), gasLimit: ctx.deps.tokenGasLimit ?? 100_000n };
}
