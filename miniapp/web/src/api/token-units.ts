// A reward pool as an admin types it ("12.5" USDT) in the token's smallest unit, as `POST .../raids` takes
// it. The decimals are the platform's table (services/platform/token-amounts.ts: common tokens, 18 for the
// rest; token-units.test.ts keeps the two in step). Pure string arithmetic: no float touches an amount.
const KNOWN_DECIMALS: Record<string, number> = { USDT: 6, USDC: 6, DAI: 18, ETH: 18, WETH: 18, BNB: 18, MATIC: 18, POL: 18, WBTC: 8, SOL: 9, TON: 9 };

export const KNOWN_TOKENS = Object.keys(KNOWN_DECIMALS);

export function decimalsOf(token: string): number {
  return KNOWN_DECIMALS[token.trim().toUpperCase()] ?? 18;
}

/** "12.5" of USDT → "12500000"; null for what is not a positive amount the token's decimals can hold. */
export function toSmallestUnit(amount: string, token: string): string | null {
  const m = /^(\d{1,30})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return null;
  const decimals = decimalsOf(token);
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) return null;
  const digits = `${m[1]}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return /[1-9]/.test(digits) ? digits : null;
}
