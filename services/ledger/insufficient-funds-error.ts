import type { Asset, LedgerAccount } from './types.js';

/** A posting refused because it would take an account other than the chain below zero. Nothing was posted. */
export class InsufficientFundsError extends Error {
  override name = 'InsufficientFundsError';
  readonly reason = 'insufficient_funds' as const;
  constructor(
    readonly account: LedgerAccount,
    readonly asset: Asset,
    /** What the account held when the posting was refused. */
    readonly balance: bigint,
    /** What the posting tried to take from it (positive). */
    readonly wanted: bigint,
  ) {
    super(`ledger: ${account.kind} ${account.owner} on chain ${asset.chainId} (${asset.token}) holds ${balance}, cannot take ${wanted}`);
  }
}

/** The refusal the lines' trigger raises (migration: apply_line), or null for any other error. */
export function insufficientFundsOf(error: unknown): InsufficientFundsError | null {
  const e = error as { code?: string; constraint?: string; detail?: string; driverError?: unknown } | null;
  const pg = (e?.driverError ?? e) as { code?: string; constraint?: string; detail?: string } | null;
  if (pg?.code !== '23514' || pg.constraint !== 'balances_non_negative') return null;
  // The trigger's detail names the account; a CHECK violation that bypassed it (it should not happen) does not.
  try {
    const d = JSON.parse(pg.detail ?? '') as { kind: LedgerAccount['kind']; owner: string; chainId: number; token: string; balance: string; amount: string };
    return new InsufficientFundsError({ kind: d.kind, owner: d.owner }, { chainId: d.chainId, token: d.token }, BigInt(d.balance), -BigInt(d.amount));
  } catch {
    return null;
  }
}
