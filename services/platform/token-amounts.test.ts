import { describe, expect, it } from 'vitest';
import { formatAmount, parsePool, wholeTokens } from './token-amounts.js';

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
