// Reads over one owner's accounts of a kind, every asset at once (a group's balance in each token, a member's
// rewards), for the money views. Per-asset reads stay in read.ts.
import type { Tx } from '../platform/database.js';
import type { AccountKind, Asset, LedgerAccount, OwnerStatementEntry, OwnerStatementPage, PostingReference } from './types.js';
import { DEFAULT_STATEMENT_LIMIT, MAX_STATEMENT_LIMIT } from './read.js';
import { InvalidCursorError } from './invalid-cursor-error.js';

/** The account's balance in every asset it was ever used in, by chain then token. */
export async function readBalances(tx: Tx, account: LedgerAccount): Promise<Array<{ asset: Asset; balance: bigint }>> {
  const rows: Array<{ chain_id: number; token: string; balance: string }> = await tx.query(
    `SELECT a.chain_id, a.token, b.balance::text AS balance FROM ledger.accounts a JOIN ledger.balances b ON b.account_id = a.id
      WHERE a.kind = $1 AND a.owner = $2 ORDER BY a.chain_id, a.token`,
    [account.kind, account.owner],
  );
  return rows.map((r) => ({ asset: { chainId: r.chain_id, token: r.token }, balance: BigInt(r.balance) }));
}

/**
 * Accounts of `kind` that received an amount from `from` and still hold a balance: a group's reward pools not
 * yet paid out or released (holds are `group_balance -x, group_pool +x`). Reads the source account's outgoing
 * lines only, so it costs what the group spent, not every pool of the platform.
 */
export async function readFundedAccounts(tx: Tx, from: LedgerAccount, kind: AccountKind): Promise<Array<{ account: LedgerAccount; asset: Asset; balance: bigint }>> {
  const rows: Array<{ owner: string; chain_id: number; token: string; balance: string }> = await tx.query(
    `SELECT DISTINCT a2.id, a2.owner, a2.chain_id, a2.token, b.balance::text AS balance
       FROM ledger.accounts a1
       JOIN ledger.lines l1 ON l1.account_id = a1.id AND l1.amount < 0
       JOIN ledger.lines l2 ON l2.posting_id = l1.posting_id AND l2.amount > 0
       JOIN ledger.accounts a2 ON a2.id = l2.account_id AND a2.kind = $3
       JOIN ledger.balances b ON b.account_id = a2.id AND b.balance > 0
      WHERE a1.kind = $1 AND a1.owner = $2
      ORDER BY a2.id DESC`,
    [from.kind, from.owner, kind],
  );
  return rows.map((r) => ({ account: { kind, owner: r.owner }, asset: { chainId: r.chain_id, token: r.token }, balance: BigInt(r.balance) }));
}

// The cursor holds, per account of the owner, the account_seq below which the next page reads ("id:seq,...";
// seq 0: that account is read to its end). An account missing from it (first used after the first page) is
// read from its newest line.
function parseCursor(cursor: string | null | undefined): Map<string, bigint> {
  const positions = new Map<string, bigint>();
  if (cursor == null) return positions;
  if (!/^\d{1,19}:\d{1,19}(,\d{1,19}:\d{1,19}){0,999}$/.test(cursor)) throw new InvalidCursorError(cursor);
  for (const part of cursor.split(',')) {
    const [id, seq] = part.split(':') as [string, string];
    positions.set(id, BigInt(seq));
  }
  return positions;
}

type LineRow = {
  account_id: string; chain_id: number; token: string; line_id: string; account_seq: string; posting_id: string; kind: string;
  idempotency_key: string; created_at: Date; amount: string; balance_after: string; reference: PostingReference;
};

/**
 * The lines of every asset of the owner's account kind, newest first: each account's lines in the order they
 * were applied to it (account_seq), the accounts merged by time. A k-way merge, not one ORDER BY created_at:
 * a posting's time is taken before it waits for the account's lock, so times can disagree with account_seq
 * within an account, and then a page would show a balance jumping back and forth.
 */
export async function readOwnerStatement(tx: Tx, account: LedgerAccount, page: { cursor?: string | null; limit?: number }): Promise<OwnerStatementPage> {
  const limit = Math.min(MAX_STATEMENT_LIMIT, Math.max(1, Math.trunc(page.limit ?? DEFAULT_STATEMENT_LIMIT)));
  const positions = parseCursor(page.cursor);
  const accounts: Array<{ id: string }> = await tx.query(`SELECT id::text AS id FROM ledger.accounts WHERE kind = $1 AND owner = $2 ORDER BY id`, [account.kind, account.owner]);
  const open = accounts.map((a) => a.id).filter((id) => positions.get(id) !== 0n);
  if (open.length === 0) return { entries: [], nextCursor: null };
  // At most `limit + 1` lines per account: enough for any merge of one page, and one more tells whether the
  // account has lines after it.
  const rows: LineRow[] = await tx.query(
    `SELECT w.account_id::text AS account_id, a.chain_id, a.token, x.*
       FROM unnest($1::bigint[], $2::bigint[]) AS w(account_id, before_seq)
       JOIN ledger.accounts a ON a.id = w.account_id
       CROSS JOIN LATERAL (
         SELECT l.id::text AS line_id, l.account_seq::text AS account_seq, p.id::text AS posting_id, p.kind, p.idempotency_key, p.created_at,
                l.amount::text AS amount, l.balance_after::text AS balance_after, p.reference
           FROM ledger.lines l JOIN ledger.postings p ON p.id = l.posting_id
          WHERE l.account_id = w.account_id AND (w.before_seq IS NULL OR l.account_seq < w.before_seq)
          ORDER BY l.account_seq DESC LIMIT $3) x`,
    [open, open.map((id) => positions.get(id)?.toString() ?? null), limit + 1],
  );
  const streams = new Map<string, LineRow[]>();
  for (const r of rows) (streams.get(r.account_id) ?? streams.set(r.account_id, []).get(r.account_id)!).push(r);
  for (const s of streams.values()) s.sort((a, b) => Number(BigInt(b.account_seq) - BigInt(a.account_seq)));
  const taken: LineRow[] = [];
  const heads = new Map<string, number>([...streams.keys()].map((id) => [id, 0]));
  while (taken.length < limit) {
    let best: string | null = null;
    for (const [id, i] of heads) {
      const r = streams.get(id)![i];
      if (!r) continue;
      const b = best === null ? undefined : streams.get(best)![heads.get(best)!]!;
      if (!b || r.created_at.getTime() > b.created_at.getTime() || (r.created_at.getTime() === b.created_at.getTime() && BigInt(r.line_id) > BigInt(b.line_id))) best = id;
    }
    if (best === null) break;
    taken.push(streams.get(best)![heads.get(best)!]!);
    heads.set(best, heads.get(best)! + 1);
  }
  // Where each account stands after this page: below the last line taken from it, 0 when nothing is left.
  const next = new Map(positions);
  let more = false;
  for (const id of open) {
    const s = streams.get(id) ?? [];
    const i = heads.get(id) ?? 0;
    if (i < s.length) {
      more = true;
      if (i > 0) next.set(id, BigInt(s[i - 1]!.account_seq));
    } else next.set(id, 0n);
  }
  return {
    entries: taken.map((r) => ({
      asset: { chainId: r.chain_id, token: r.token },
      postingId: r.posting_id,
      lineId: r.line_id,
      accountSeq: r.account_seq,
      kind: r.kind,
      idempotencyKey: r.idempotency_key,
      createdAt: r.created_at,
      amount: BigInt(r.amount),
      balanceAfter: BigInt(r.balance_after),
      reference: r.reference,
    })),
    nextCursor: more ? [...next].map(([id, seq]) => `${id}:${seq}`).join(',') : null,
  };
}
