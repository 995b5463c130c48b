import { describe, expect, it } from 'vitest';
import { decimalsOf as serverDecimals, parsePool } from '../../../../services/platform/token-amounts';
import { decimalsOf, KNOWN_TOKENS, toSmallestUnit } from './token-units';

describe('toSmallestUnit', () => {
  it('turns a typed amount into the smallest unit, exactly', () => {
    expect(toSmallestUnit('12.5', 'usdt')).toBe('12500000');
    expect(toSmallestUnit('500', 'USDT')).toBe('500000000');
    expect(toSmallestUnit('0.000001', 'USDT')).toBe('1');
    expect(toSmallestUnit('1', 'WHATEVER')).toBe('1000000000000000000');
  });

  it('refuses zero, garbage and more decimals than the token has', () => {
    expect(toSmallestUnit('0', 'USDT')).toBeNull();
    expect(toSmallestUnit('0.0000001', 'USDT')).toBeNull();
    expect(toSmallestUnit('1,5', 'USDT')).toBeNull();
    expect(toSmallestUnit('', 'USDT')).toBeNull();
  });

  it("agrees with the platform's table and its /raid pool= parser", () => {
    for (const token of [...KNOWN_TOKENS, 'NEWCOIN']) {
      expect(decimalsOf(token)).toBe(serverDecimals(token));
      const parsed = parsePool('1500.25', token);
      expect(parsed.ok && parsed.amount.toString()).toBe(toSmallestUnit('1500.25', token));
    }
  });
});
