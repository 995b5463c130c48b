// Accounts are made on first use and never change, so finding one is a read and making one is an insert that
// a concurrent maker may win (ON CONFLICT DO NOTHING, then read again).
import { preparedQuery, type Tx } from '../platform/database.js';
import type { Asset, LedgerAccount } from './types.js';

export function accountKey(account: LedgerAccount, asset: Asset): string {
  return JSON.stringify([account.kind, account.owner, asset.chainId, asset.token]);
}

type Wanted = { account: LedgerAccount; asset: Asset };
type Row = { id: string; kind: string; owner: string; chain_id: number; token: string };

/** The id of each wanted account (by accountKey), making the missing ones. */
export async function resolveAccounts(tx: Tx, wanted: readonly Wanted[]): Promise<Map<string, string>> {
  const unique = new Map(wanted.map((w) => [accountKey(w.account, w.asset), w]));
  const ids = new Map<string, string>();
  const find = async (list: Wanted[]) => {
    const rows = await preparedQuery<Row>(
      tx,
      'ledger_find_accounts',
      `SELECT a.id::text AS id, a.kind, a.owner, a.chain_id, a.token FROM ledger.accounts a
         JOIN unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS w(kind, owner, chain_id, token)
           USING (kind, owner, chain_id, token)`,
      columns(list),
    );
    for (const r of rows) ids.set(accountKey({ kind: r.kind as LedgerAccount['kind'], owner: r.owner }, { chainId: r.chain_id, token: r.token }), r.id);
  };
  await find([...unique.values()]);
  // Sorted, so two transactions making overlapping accounts wait on each other's keys in one order.
  const missing = [...unique].filter(([key]) => !ids.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
  if (missing.length === 0) return ids;
  await tx.query(
    `INSERT INTO ledger.accounts (kind, owner, chain_id, token)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) ON CONFLICT DO NOTHING`,
    columns(missing),
  );
  // A new statement sees an account another transaction committed while this one waited on its conflict.
  await find(missing);
  const still = missing.filter((w) => !ids.has(accountKey(w.account, w.asset)));
  if (still.length > 0) throw new Error(`ledger: could not make account ${accountKey(still[0]!.account, still[0]!.asset)} (a REPEATABLE READ transaction cannot see one made concurrently)`);
  return ids;
}

/** The id of an existing account, or null when it was never used. */
export async function findAccount(tx: Tx, account: LedgerAccount, asset: Asset): Promise<string | null> {
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT id::text AS id FROM ledger.accounts WHERE kind = $1 AND owner = $2 AND chain_id = $3 AND token = $4`,
    [account.kind, account.owner, asset.chainId, asset.token],
  );
  return rows[0]?.id ?? null;
}

function columns(list: readonly Wanted[]): unknown[] {
  return [list.map((w) => w.account.kind), list.map((w) => w.account.owner), list.map((w) => w.asset.chainId), list.map((w) => w.asset.token)];
}
