import { describe, expect, it } from 'vitest';
import { parsePool, tokenTableOf, DEFAULT_TOKENS, UNLISTED_DECIMALS, type TokenTable } from '../../../../services/platform/token-amounts';
import { decimalsIn, toSmallestUnit } from './token-units';
import type { PayableTokens } from './types';

// What GET /tokens answers for a table (routes/tokens.ts), built here the same way.
const served = (table: TokenTable): PayableTokens => ({
  listed: table.listed,
  tokens: [...table.decimals].map(([symbol, decimals]) => ({ symbol, decimals })),
  otherDecimals: table.listed ? null : UNLISTED_DECIMALS,
});

describe('a pool typed in the launch form', () => {
  it('turns a typed amount into the smallest unit, exactly', () => {
    expect(toSmallestUnit('12.5', 6)).toBe('12500000');
    expect(toSmallestUnit('500', 6)).toBe('500000000');
    expect(toSmallestUnit('0.000001', 6)).toBe('1');
    expect(toSmallestUnit('1', 18)).toBe('1000000000000000000');
  });

  it('refuses zero, garbage and more decimals than the token has', () => {
    expect(toSmallestUnit('0', 6)).toBeNull();
    expect(toSmallestUnit('0.0000001', 6)).toBeNull();
    expect(toSmallestUnit('1,5', 6)).toBeNull();
    expect(toSmallestUnit('', 6)).toBeNull();
  });

  it("comes to the same units as the server's /raid pool= parser, with the default table and a configured one", () => {
    const configured = tokenTableOf([
      { id: 1, name: 'Ethereum', rpcUrl: 'https://rpc.example', confirmations: 12, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x0000000000000000000000000000000000000001', symbol: 'ODD', decimals: 9 }] },
    ]);
    for (const table of [DEFAULT_TOKENS, configured]) {
      for (const token of ['USDT', 'ODD', 'ETH', 'NEWCOIN']) {
        const decimals = decimalsIn(served(table), token);
        const parsed = parsePool('1500.25', token, table);
        expect(decimals === null ? null : toSmallestUnit('1500.25', decimals)).toBe(parsed.ok ? parsed.amount.toString() : null);
      }
    }
  });
});
