import { describe, expect, it } from 'vitest';
import { DEFAULT_TOKENS, decimalsOf, formatAmount, installTokenTable, parsePool, tokenTableOf, wholeTokens } from './token-amounts.js';

describe('reward pool amounts', () => {
  it('become exact smallest units of the token', () => {
    expect(parsePool('1500.5', 'usdt')).toEqual({ ok: true, amount: 1_500_500_000n, token: 'USDT' });
    expect(parsePool('10', 'ETH')).toEqual({ ok: true, amount: 10n * 10n ** 18n, token: 'ETH' });
    expect(formatAmount(1_500_500_000n, 'USDT')).toBe('1500.5 USDT');
    expect(formatAmount(10n ** 18n + 1n, 'ETH')).toBe('1.000000000000000001 ETH');
  });

  it('read back from smallest units to the same units (the Mini App sends units)', () => {
    for (const [units, token] of [[1_500_500_000n, 'USDT'], [1n, 'ETH'], [10n ** 24n, 'DAI'], [7n, 'unknown']] as const) {
      expect(parsePool(wholeTokens(units, token), token)).toMatchObject({ ok: true, amount: units });
    }
  });

  it('refuse what cannot be exact or is not an amount', () => {
    expect(parsePool('1.1234567', 'USDT')).toMatchObject({ ok: false, error: expect.stringMatching(/6 decimals/) });
    expect(parsePool('-5', 'USDT')).toMatchObject({ ok: false });
    expect(parsePool('0', 'USDT')).toMatchObject({ ok: false, error: expect.stringMatching(/more than zero/) });
    expect(parsePool('5', undefined)).toMatchObject({ ok: false, error: expect.stringMatching(/needs a token/) });
  });
});

describe('a deployment that lists its chains', () => {
  const chains = [
    { id: 1, name: 'Ethereum', rpcUrl: 'https://eth.example', confirmations: 12, native: { symbol: 'ETH', decimals: 18 }, tokens: [{ address: '0x0000000000000000000000000000000000000001', symbol: 'USDT', decimals: 6 }] },
    { id: 56, name: 'BNB Chain', rpcUrl: 'https://bsc.example', confirmations: 15, native: { symbol: 'BNB', decimals: 18 }, tokens: [{ address: '0x0000000000000000000000000000000000000002', symbol: 'CAKE', decimals: 9 }] },
  ];
  const table = tokenTableOf(chains);

  it('uses its own decimals', () => {
    expect(parsePool('1.5', 'cake', table)).toEqual({ ok: true, amount: 1_500_000_000n, token: 'CAKE' });
    expect(parsePool('1.1234567', 'USDT', table)).toMatchObject({ ok: false, error: expect.stringMatching(/6 decimals/) });
    expect(parsePool('2', 'BNB', table)).toMatchObject({ ok: true, amount: 2n * 10n ** 18n });
    expect(formatAmount(1_500_000_000n, 'CAKE', table)).toBe('1.5 CAKE');
  });

  it('refuses a pool in a token it does not list, saying which it pays in', () => {
    expect(parsePool('10', 'DAI', table)).toEqual({ ok: false, error: 'DAI is not a token this deployment pays in; it pays in ETH, USDT, BNB, CAKE' });
    expect(parsePool('10', undefined, table)).toMatchObject({ ok: false, error: expect.stringMatching(/e\.g\. pool=500 ETH/) });
  });

  it('still shows an amount recorded in a token no longer listed (the default table, then 18)', () => {
    expect(formatAmount(1_000_000n, 'USDC', table)).toBe('1 USDC');
    expect(decimalsOf('XYZ', table)).toBe(18);
  });

  it('is what parsePool uses once installed; no chains is the default table', () => {
    expect(tokenTableOf([])).toBe(DEFAULT_TOKENS);
    installTokenTable(table);
    try {
      expect(parsePool('10', 'DAI')).toMatchObject({ ok: false });
      expect(parsePool('1', 'CAKE')).toMatchObject({ ok: true, amount: 10n ** 9n });
    } finally {
      installTokenTable(DEFAULT_TOKENS);
    }
    expect(parsePool('10', 'DAI')).toMatchObject({ ok: true });
    expect(parsePool('1', 'anything')).toMatchObject({ ok: true, amount: 10n ** 18n });
  });
});
