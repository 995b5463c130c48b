// The withdrawals table as plain data, and the reads more than one step needs.
import type { Tx } from '../platform/database.js';
import type { ChainConfig } from '../platform/chains.js';
import { telegramUserId, type TelegramUserId } from '../platform/telegram-ids.js';

export type WithdrawalStatus = 'requested' | 'signed' | 'sent' | 'confirmed' | 'failed';

export interface WithdrawalRow {
  id: string;
  telegramId: TelegramUserId;
  /** The bot the member asked through: it tells them the outcome. */
  botId: number;
  chainId: number;
  /** Lower-case contract address, or 'native'. */
  token: string;
  /** Checksummed. */
  to: string;
  amount: bigint;
  status: WithdrawalStatus;
  postingId: string;
  donePostingId: string | null;
  fromAddress: string | null;
  nonce: number | null;
  rawTx: string | null;
  txHash: string | null;
  blockNumber: number | null;
  blockHash: string | null;
  confirmations: number;
  createdAt: Date;
  signedAt: Date | null;
  sentAt: Date | null;
  doneAt: Date | null;
}

/** A withdrawal as members and callers see it (the Mini App's shape, with a bigint and Dates). */
export interface Withdrawal {
  id: string;
  chainId: number;
  token: string;
  symbol: string;
  decimals: number;
  amount: bigint;
  to: string;
  status: WithdrawalStatus;
  txHash: string | null;
  explorerUrl: string | null;
  confirmations: number;
  requiredConfirmations: number;
  createdAt: Date;
  doneAt: Date | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export function rowOf(r: Record<string, unknown>): WithdrawalRow {
  return {
    id: String(r.id),
    telegramId: telegramUserId(r.telegram_id as string),
    botId: Number(r.bot_id),
    chainId: Number(r.chain_id),
    token: String(r.token),
    to: String(r.to_address),
    amount: BigInt(r.amount as string),
    status: r.status as WithdrawalStatus,
    postingId: String(r.posting_id),
    donePostingId: r.done_posting_id === null ? null : String(r.done_posting_id),
    fromAddress: (r.from_address as string | null) ?? null,
    nonce: num(r.nonce),
    rawTx: (r.raw_tx as string | null) ?? null,
    txHash: (r.tx_hash as string | null) ?? null,
    blockNumber: num(r.block_number),
    blockHash: (r.block_hash as string | null) ?? null,
    confirmations: Number(r.confirmations),
    createdAt: new Date(r.created_at as string),
    signedAt: date(r.signed_at),
    sentAt: date(r.sent_at),
    doneAt: date(r.done_at),
  };
}

/** Symbol and decimals of a chain's token ('native' or a lower-case address); null when the chain lacks it. */
export function tokenOf(chain: ChainConfig, token: string): { symbol: string; decimals: number } | null {
  if (token === 'native') return chain.native;
  const t = chain.tokens.find((t) => t.address.toLowerCase() === token);
  return t ? { symbol: t.symbol, decimals: t.decimals } : null;
}

/** Confirmations the chain wants before a transfer counts: at least its own block (deposits count the same). */
export const requiredConfirmations = (chain: ChainConfig) => Math.max(1, chain.confirmations);

export const explorerTxUrl = (chain: ChainConfig | undefined, txHash: string | null) =>
  chain?.explorerUrl && txHash ? `${chain.explorerUrl.replace(/\/+$/, '')}/tx/${txHash}` : null;

export function viewOf(row: WithdrawalRow, chains: readonly ChainConfig[]): Withdrawal {
  const chain = chains.find((c) => c.id === row.chainId);
  // A chain dropped from the config later still shows its old withdrawals, with what the row knows.
  const token = (chain && tokenOf(chain, row.token)) ?? { symbol: row.token === 'native' ? 'native' : row.token.slice(0, 10), decimals: 0 };
  return {
    id: row.id, chainId: row.chainId, token: row.token, symbol: token.symbol, decimals: token.decimals, amount: row.amount, to: row.to,
    status: row.status, txHash: row.txHash, explorerUrl: explorerTxUrl(chain, row.txHash), confirmations: row.confirmations,
    requiredConfirmations: chain ? requiredConfirmations(chain) : 1, createdAt: row.createdAt, doneAt: row.doneAt,
  };
}

export async function openOf(tx: Tx, chainId: number, statuses: WithdrawalStatus[], limit: number): Promise<WithdrawalRow[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT * FROM withdrawals.withdrawals WHERE chain_id = $1 AND status = ANY($2) ORDER BY nonce NULLS LAST, id LIMIT $3`,
    [chainId, statuses, limit],
  );
  return rows.map(rowOf);
}

/** Runs `UPDATE ... RETURNING id` and answers how many rows it changed. In a CTE: TypeORM answers a bare
 * UPDATE ... RETURNING as [rows, count]. */
export async function updated(tx: Tx, update: string, params: unknown[]): Promise<number> {
  const rows: unknown[] = await tx.query(`WITH u AS (${update} RETURNING id) SELECT id FROM u`, params);
  return rows.length;
}
