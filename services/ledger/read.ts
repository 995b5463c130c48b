// Reads: a posting, a balance, an account's statement. Balances are one row each (see the migration for why).
import type { Tx } from '../platform/database.js';
import type { AccountKind, Asset, LedgerAccount, Posting, PostingReference, StatementPage } from './types.js';
import { findAccount } from './accounts.js';

export async function readPosting(tx: Tx, id: string): Promise<Posting | null> {
  const rows: Array<{ id: string; idempotency_key: string; kind: string; memo: string | null; created_at: Date; reference: PostingReference }> = await tx.query(
    `SELECT id::text AS id, idempotency_key, kind, memo, created_at, reference FROM ledger.postings WHERE id = $1`,
    [id],
  );
  const p = rows[0];
  if (!p) return null;
  const lines: Array<{ kind: AccountKind; owner: string; chain_id: number; token: string; amount: string }> = await tx.query(
    `SELECT a.kind, a.owner, l.chain_id, l.token, l.amount::text AS amount
       FROM ledger.lines l JOIN ledger.accounts a ON a.id = l.account_id WHERE l.posting_id = $1 ORDER BY l.id`,
    [id],
  );
  return {
    id: p.id,
    idempotencyKey: p.idempotency_key,
    kind: p.kind,
    memo: p.memo,
    createdAt: p.created_at,
    reference: p.reference,
    lines: lines.map((l) => ({ account: { kind: l.kind, owner: l.owner }, asset: { chainId: l.chain_id, token: l.token }, amount: BigInt(l.amount) })),
  };
}

export async function readBalance(tx: Tx, account: LedgerAccount, asset: Asset): Promise<bigint> {
  const rows: Array<{ balance: string }> = await tx.query(
    `SELECT b.balance::text AS balance FROM ledger.accounts a JOIN ledger.balances b ON b.account_id = a.id
      WHERE a.kind = $1 AND a.owner = $2 AND a.chain_id = $3 AND a.token = $4`,
    [account.kind, account.owner, asset.chainId, asset.token],
  );
  return rows[0] ? BigInt(rows[0].balance) : 0n;
}

/** Every asset the account holds a non-zero balance in (an account is per asset: the same kind and owner). */
export async function readBalancesOf(tx: Tx, account: LedgerAccount): Promise<Array<{ asset: Asset; balance: bigint }>> {
  const rows: Array<{ chain_id: number; token: string; balance: string }> = await tx.query(
    `SELECT a.chain_id, a.token, b.balance::text AS balance FROM ledger.accounts a JOIN ledger.balances b ON b.account_id = a.id
      WHERE a.kind = $1 AND a.owner = $2 AND b.balance <> 0 ORDER BY a.chain_id, a.token`,
    [account.kind, account.owner],
  );
  return rows.map((r) => ({ asset: { chainId: Number(r.chain_id), token: r.token }, balance: BigInt(r.balance) }));
}

export const DEFAULT_STATEMENT_LIMIT = 50;
export const MAX_STATEMENT_LIMIT = 500;

/** Newest first, in the order the lines were applied to the account; the cursor is the account_seq of the
 * last line of the page before. */
export async function readStatement(tx: Tx, account: LedgerAccount, asset: Asset, page: { cursor?: string | null; limit?: number }): Promise<StatementPage> {
  const limit = Math.min(MAX_STATEMENT_LIMIT, Math.max(1, Math.trunc(page.limit ?? DEFAULT_STATEMENT_LIMIT)));
  if (page.cursor != null && !/^[1-9]\d{0,18}$/.test(page.cursor)) throw new TypeError(`ledger: ${JSON.stringify(page.cursor)} is not a statement cursor`);
  const accountId = await findAccount(tx, account, asset);
  if (accountId === null) return { entries: [], nextCursor: null };
  const rows: Array<{ line_id: string; account_seq: string; posting_id: string; kind: string; idempotency_key: string; created_at: Date; amount: string; balance_after: string; reference: PostingReference }> = await tx.query(
    `SELECT l.id::text AS line_id, l.account_seq::text AS account_seq, p.id::text AS posting_id, p.kind, p.idempotency_key, p.created_at, l.amount::text AS amount,
            l.balance_after::text AS balance_after, p.reference
       FROM ledger.lines l JOIN ledger.postings p ON p.id = l.posting_id
      WHERE l.account_id = $1 AND ($2::bigint IS NULL OR l.account_seq < $2::bigint)
      ORDER BY l.account_seq DESC LIMIT $3`,
    [accountId, page.cursor ?? null, limit + 1],
  );
  const entries = rows.slice(0, limit).map((r) => ({
    postingId: r.posting_id,
    lineId: r.line_id,
    accountSeq: r.account_seq,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    amount: BigInt(r.amount),
    balanceAfter: BigInt(r.balance_after),
    reference: r.reference,
  }));
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.accountSeq : null };
}
