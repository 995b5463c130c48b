// Token amounts between people and the ledger. A reward pool as an admin types it (`pool=1500.5 USDT`) becomes an exact integer of the token's smallest
// unit. Moving money comes later with the wallet service; until it knows each token's contract, decimals come
// from this short table of common tokens, and 18 (the ERC-20 default) otherwise.
const KNOWN_DECIMALS: Record<string, number> = { USDT: 6, USDC: 6, DAI: 18, ETH: 18, WETH: 18, BNB: 18, MATIC: 18, POL: 18, WBTC: 8, SOL: 9, TON: 9 };

export function decimalsOf(token: string): number {
  return KNOWN_DECIMALS[token.toUpperCase()] ?? 18;
}

export type PoolParse = { ok: true; amount: bigint; token: string } | { ok: false; error: string };

export function parsePool(amount: string, token: string | undefined): PoolParse {
  if (!token) return { ok: false, error: 'pool= needs a token after the amount, e.g. pool=500 USDT' };
  if (!/^[A-Za-z0-9.$_-]{1,16}$/.test(token)) return { ok: false, error: `"${token}" is not a token symbol` };
  const decimals = decimalsOf(token);
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
export function wholeTokens(units: bigint, token: string): string {
  const decimals = decimalsOf(token);
  const base = 10n ** BigInt(decimals);
  const whole = units / base;
  const fraction = (units % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}`;
}

/** The pool in whole tokens for people: exact, no float rounding. */
export function formatAmount(units: bigint, token: string): string {
  return `${wholeTokens(units, token)} ${token}`;
}
