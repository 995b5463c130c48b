// The scanner's rows: cursor, recent block hashes and deposits (schema `deposits`, this service's only).
import type { Tx } from '../platform/database.js';
import { chatId, type ChatId } from '../platform/telegram-ids.js';

export type DepositStatus = 'seen' | 'credited' | 'dropped' | 'reversed';

export interface Cursor {
  number: number;
  hash: string;
  head: number;
}

/** A transfer to a watched address, as read from the chain. */
export interface FoundDeposit {
  txHash: string;
  /** -1 for a native transfer. */
  logIndex: number;
  blockNumber: number;
  blockHash: string;
  /** Lower-case contract address, or 'native'. */
  token: string;
  from: string;
  to: string;
  chatId: ChatId;
  amount: bigint;
}

export interface DepositRow extends FoundDeposit {
  id: string;
  chainId: number;
  status: DepositStatus;
  confirmations: number;
  seenAt: Date;
  creditedAt: Date | null;
  postingId: string | null;
  reorgedAt: Date | null;
  /** 0, then + 1 each time a reversed deposit is found again (its next credit's key has it). */
  generation: number;
  reversalPostingId: string | null;
}

export function rowOf(r: Record<string, unknown>): DepositRow {
  return {
    id: String(r.id),
    chainId: Number(r.chain_id),
    txHash: r.tx_hash as string,
    logIndex: Number(r.log_index),
    blockNumber: Number(r.block_number),
    blockHash: r.block_hash as string,
    token: r.token as string,
    from: r.from_address as string,
    to: r.to_address as string,
    chatId: chatId(r.chat_id as string),
    amount: BigInt(r.amount as string),
    status: r.status as DepositStatus,
    confirmations: Number(r.confirmations),
    seenAt: r.seen_at as Date,
    creditedAt: (r.credited_at as Date | null) ?? null,
    postingId: (r.posting_id as string | null) ?? null,
    reorgedAt: (r.reorged_at as Date | null) ?? null,
    generation: Number(r.generation),
    reversalPostingId: (r.reversal_posting_id as string | null) ?? null,
  };
}

export async function loadCursor(tx: Tx, chainId: number): Promise<Cursor | null> {
  const rows: Array<{ block_number: string; block_hash: string; head_number: string }> = await tx.query(
    `SELECT block_number, block_hash, head_number FROM deposits.cursors WHERE chain_id = $1`,
    [chainId],
  );
  const r = rows[0];
  return r ? { number: Number(r.block_number), hash: r.block_hash, head: Number(r.head_number) } : null;
}

/**
 * In a transaction that moves the cursor: waits for any other scanner of the chain (two workers during a
 * deploy) and answers whether the cursor is still the one this pass read. When it is not, the other scanner
 * moved it first and this pass's reads are stale: it commits nothing.
 */
export async function claimCursor(tx: Tx, chainId: number, read: Cursor | null): Promise<boolean> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('deposits.cursor'), $1::int)`, [chainId % 2_147_483_647]);
  const now = await loadCursor(tx, chainId);
  return now === null ? read === null : read !== null && now.number === read.number && now.hash === read.hash;
}

export async function saveCursor(tx: Tx, chainId: number, cursor: Cursor, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO deposits.cursors (chain_id, block_number, block_hash, head_number, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (chain_id) DO UPDATE SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
       head_number = EXCLUDED.head_number, updated_at = EXCLUDED.updated_at`,
    [chainId, cursor.number, cursor.hash, cursor.head, now],
  );
}

/** Stores the range's block hashes and forgets those older than `keepFrom`. */
export async function saveBlocks(tx: Tx, chainId: number, blocks: ReadonlyArray<{ number: number; hash: string; parentHash: string }>, keepFrom: number): Promise<void> {
  if (blocks.length) {
    await tx.query(
      `INSERT INTO deposits.blocks (chain_id, number, hash, parent_hash)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])
       ON CONFLICT (chain_id, number) DO UPDATE SET hash = EXCLUDED.hash, parent_hash = EXCLUDED.parent_hash`,
      [chainId, blocks.map((b) => b.number), blocks.map((b) => b.hash), blocks.map((b) => b.parentHash)],
    );
  }
  await tx.query(`DELETE FROM deposits.blocks WHERE chain_id = $1 AND number < $2`, [chainId, keepFrom]);
}

/** The stored hashes from `from` down, highest first. */
export async function storedBlocks(tx: Tx, chainId: number, upTo: number): Promise<Array<{ number: number; hash: string }>> {
  const rows: Array<{ number: string; hash: string }> = await tx.query(
    `SELECT number, hash FROM deposits.blocks WHERE chain_id = $1 AND number <= $2 ORDER BY number DESC`,
    [chainId, upTo],
  );
  return rows.map((r) => ({ number: Number(r.number), hash: r.hash }));
}

/**
 * Records deposits as seen. A row already there (the same range read twice, or a rescan after a reorg) takes
 * the new location; a dropped one found again is pending again, and a reversed one too, as a new generation.
 * A credited one keeps its status: only where it now lives changes, and its reorg flag clears, since the
 * credit stands on the new branch.
 */
export async function recordSeen(tx: Tx, chainId: number, found: readonly FoundDeposit[], now: Date): Promise<number> {
  if (!found.length) return 0;
  const rows: unknown[] = await tx.query(
    `INSERT INTO deposits.deposits (chain_id, tx_hash, log_index, block_number, block_hash, token, from_address, to_address, chat_id, amount, status, seen_at)
     SELECT $1, d.tx_hash, d.log_index, d.block_number, d.block_hash, d.token, d.from_address, d.to_address, d.chat_id, d.amount, 'seen', $2
       FROM jsonb_to_recordset($3::jsonb) AS d(tx_hash text, log_index integer, block_number bigint, block_hash text, token text,
            from_address text, to_address text, chat_id bigint, amount numeric)
     ON CONFLICT (chain_id, tx_hash, log_index) DO UPDATE SET
       block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
       status = CASE WHEN deposits.status IN ('dropped', 'reversed') THEN 'seen' ELSE deposits.status END,
       generation = deposits.generation + CASE WHEN deposits.status = 'reversed' THEN 1 ELSE 0 END,
       posting_id = CASE WHEN deposits.status = 'reversed' THEN NULL ELSE deposits.posting_id END,
       reversal_posting_id = CASE WHEN deposits.status = 'reversed' THEN NULL ELSE deposits.reversal_posting_id END,
       credited_at = CASE WHEN deposits.status = 'reversed' THEN NULL ELSE deposits.credited_at END,
       reorged_at = NULL
     WHERE deposits.block_hash <> EXCLUDED.block_hash OR deposits.status IN ('dropped', 'reversed') OR deposits.reorged_at IS NOT NULL
     RETURNING id`,
    [
      chainId,
      now,
      JSON.stringify(
        found.map((d) => ({
          tx_hash: d.txHash, log_index: d.logIndex, block_number: d.blockNumber, block_hash: d.blockHash, token: d.token,
          from_address: d.from, to_address: d.to, chat_id: d.chatId, amount: d.amount.toString(),
        })),
      ),
    ],
  );
  return rows.length;
}

/** The pending rows' confirmations as of `head` (head - block + 1), for the views. */
export async function refreshConfirmations(tx: Tx, chainId: number, head: number): Promise<void> {
  await tx.query(
    `UPDATE deposits.deposits SET confirmations = greatest(0, $2 - block_number + 1)
      WHERE chain_id = $1 AND status = 'seen' AND confirmations <> greatest(0, $2 - block_number + 1)`,
    [chainId, head],
  );
}

/**
 * Rewinds to the common ancestor: blocks above it forgotten, pending deposits above it dropped (a rescan
 * finds those re-included), credited ones above it flagged (answered: they need the alert).
 */
export async function rewind(tx: Tx, chainId: number, ancestor: { number: number; hash: string }, head: number, now: Date): Promise<{ dropped: number; credited: DepositRow[] }> {
  await tx.query(`DELETE FROM deposits.blocks WHERE chain_id = $1 AND number > $2`, [chainId, ancestor.number]);
  const dropped: unknown[] = await tx.query(
    // In a CTE: TypeORM answers a bare UPDATE ... RETURNING as [rows, count].
    `WITH u AS (UPDATE deposits.deposits SET status = 'dropped', confirmations = 0 WHERE chain_id = $1 AND status = 'seen' AND block_number > $2 RETURNING id) SELECT id FROM u`,
    [chainId, ancestor.number],
  );
  const credited: Array<Record<string, unknown>> = await tx.query(
    `WITH u AS (UPDATE deposits.deposits SET reorged_at = $3 WHERE chain_id = $1 AND status = 'credited' AND block_number > $2 RETURNING *) SELECT * FROM u`,
    [chainId, ancestor.number, now],
  );
  await saveCursor(tx, chainId, { number: ancestor.number, hash: ancestor.hash, head }, now);
  return { dropped: dropped.length, credited: credited.map(rowOf) };
}

/** Pending deposits with at least `needed` confirmations at `head`, oldest first. */
export async function dueDeposits(tx: Tx, chainId: number, head: number, needed: number, limit: number): Promise<DepositRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT * FROM deposits.deposits WHERE chain_id = $1 AND status = 'seen' AND $2 - block_number + 1 >= $3 ORDER BY block_number, id LIMIT $4`,
    [chainId, head, needed, limit],
  );
  return rows.map(rowOf);
}

/** Credited deposits a reorg removed and the rescan has not found again though the new branch has `needed`
 * blocks from their old height to `cursor`: gone for good, to be reversed. */
export async function orphanedCredits(tx: Tx, chainId: number, cursor: number, needed: number): Promise<DepositRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT * FROM deposits.deposits WHERE chain_id = $1 AND status = 'credited' AND reorged_at IS NOT NULL AND $2 - block_number + 1 >= $3 ORDER BY id LIMIT 100`,
    [chainId, cursor, needed],
  );
  return rows.map(rowOf);
}
