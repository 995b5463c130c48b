import type { ChainConfig } from './chains.js';

// Token amounts between people and the ledger. A reward pool as an admin types it (`pool=1500.5 USDT`) becomes
// an exact integer of the token's smallest unit, with the decimals of the deployment's token list: the native
// coins and ERC-20 tokens of CHAINS_FILE / CHAINS (chains.ts), installed once at start by the composition root.
// A deployment that lists chains refuses a pool in any other token. One that lists none (the sandbox, tests,
// raids without money) keeps the old behaviour: DEFAULT_DECIMALS below, and 18 (the ERC-20 default) for any
// other symbol. Amounts already recorded in a token no longer listed are still shown, with the same fallback.
export const DEFAULT_DECIMALS: Readonly<Record<string, number>> = { USDT: 6, USDC: 6, DAI: 18, ETH: 18, WETH: 18, BNB: 18, MATIC: 18, POL: 18, WBTC: 8, SOL: 9, TON: 9 };

export interface TokenTable {
  /** False for the default table: every symbol is accepted. */
  readonly listed: boolean;
  /** Upper-case symbol -> decimals. */
  readonly decimals: ReadonlyMap<string, number>;
}

export const DEFAULT_TOKENS: TokenTable = { listed: false, decimals: new Map(Object.entries(DEFAULT_DECIMALS)) };

/** The table of a chains list: every chain's native coin and tokens (chains.ts makes one symbol mean one
 * decimals across chains). No chains: the default table. */
export function tokenTableOf(chains: readonly ChainConfig[]): TokenTable {
  if (!chains.length) return DEFAULT_TOKENS;
  const decimals = new Map<string, number>();
  for (const c of chains) {
    decimals.set(c.native.symbol.toUpperCase(), c.native.decimals);
    for (const t of c.tokens) decimals.set(t.symbol.toUpperCase(), t.decimals);
  }
  return { listed: true, decimals };
}

let installed: TokenTable = DEFAULT_TOKENS;

/** Called once at start with the configured chains (tests may install a table and put DEFAULT_TOKENS back). */
export function installTokenTable(table: TokenTable): void {
  installed = table;
}

export function currentTokenTable(): TokenTable {
  return installed;
}

/** The ERC-20 default, for a token the default table does not know. */
export const UNLISTED_DECIMALS = 18;

/** Decimals for showing an amount: the table's, else the default table's, else 18. */
export function decimalsOf(token: string, table: TokenTable = installed): number {
  const key = token.toUpperCase();
  return table.decimals.get(key) ?? DEFAULT_TOKENS.decimals.get(key) ?? UNLISTED_DECIMALS;
}

export type PoolParse = { ok: true; amount: bigint; token: string } | { ok: false; error: string };

export function parsePool(amount: string, token: string | undefined, table: TokenTable = installed): PoolParse {
  const example = table.listed ? [...table.decimals.keys()][0] : 'USDT';
  if (!token) return { ok: false, error: `pool= needs a token after the amount, e.g. pool=500 ${example}` };
  if (!/^[A-Za-z0-9.$_-]{1,16}$/.test(token)) return { ok: false, error: `"${token}" is not a token symbol` };
  if (table.listed && !table.decimals.has(token.toUpperCase())) {
    return { ok: false, error: `${token.toUpperCase()} is not a token this deployment pays in; it pays in ${[...table.decimals.keys()].join(', ')}` };
  }
  const decimals = decimalsOf(token, table);
  const m = /^(\d{1,30})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return { ok: false, error: 'pool= takes a positive amount such as 500 or 12.5' };
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) return { ok: false, error: `${token.toUpperCase()} has ${decimals} decimals; the amount has more` };
  const units = BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt((fraction || '0').padEnd(decimals, '0') || '0');
  if (units <= 0n) return { ok: false, error: 'the pool must be more than zero' };
  return { ok: true, amount: units, token: token.toUpperCase() };
}

/** An amount in the token's smallest unit as decimal text in whole tokens ("1500.5"): exact, no float
 * rounding, and what parsePool reads back to the same units. */
export function wholeTokens(units: bigint, token: string, table: TokenTable = installed): string {
  const decimals = decimalsOf(token, table);
  const base = 10n ** BigInt(decimals);
  const whole = units / base;
  const fraction = (units % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The pool in whole tokens for people: exact, no float rounding. */
export function formatAmount(units: bigint, token: string, table: TokenTable = installed): string {
  return `${wholeTokens(units, token, table)} ${token}`;
}
