// A reward pool as an admin types it ("12.5" USDT) in the token's smallest unit, as `POST .../raids` takes
// it, with the decimals the server serves at GET /tokens (the table it reads the amount back with: the
// configured chains' tokens, or its default table). Pure string arithmetic: no float touches an amount.
import type { PayableTokens } from './types';

/** The token's decimals here, or null when the deployment does not pay in it. */
export function decimalsIn(payable: PayableTokens, token: string): number | null {
  const symbol = token.trim().toUpperCase();
  return payable.tokens.find((t) => t.symbol === symbol)?.decimals ?? payable.otherDecimals;
}

/** "12.5" with 6 decimals → "12500000"; null for what is not a positive amount those decimals can hold. */
export function toSmallestUnit(amount: string, decimals: number): string | null {
  const m = /^(\d{1,30})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > decimals) return null;
  const digits = `${m[1]}${fraction.padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return /[1-9]/.test(digits) ? digits : null;
}
