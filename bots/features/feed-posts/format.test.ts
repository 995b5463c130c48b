import { describe, expect, it } from 'vitest';
import { shortCount, usd, utcPeriod, utcWindow } from './format.js';

describe('money and counts', () => {
  it('writes micro-dollars exactly in dollars and cents, and says when it rounded down', () => {
    expect(usd(1_500_000n)).toBe('$1.50');
    expect(usd(0n)).toBe('$0.00');
    expect(usd(10_000n)).toBe('$0.01');
    expect(usd(1_234_567n)).toBe('about $1.23');
    expect(usd(1_239_999n)).toBe('about $1.23');
    expect(usd(4_000n)).toBe('less than $0.01');
    // Past what a float holds exactly (2^53 micro-dollars is about $9 billion).
    expect(usd(123_456_789_012_345_678_900_000n)).toBe('$123,456,789,012,345,678.90');
  });

  it('writes counts as X does, rounding down', () => {
    expect([0, 999, 1_000, 1_050, 12_345, 999_999, 1_500_000, 2_300, 3_000_000_000].map(shortCount)).toEqual(['0', '999', '1K', '1K', '12.3K', '999.9K', '1.5M', '2.3K', '3B']);
  });
});

describe('times', () => {
  it('writes windows and periods in UTC, with days when they matter', () => {
    expect(utcWindow(new Date('2025-03-04T14:00:59Z'), new Date('2025-03-04T15:05:00Z'))).toBe('between 14:00 and 15:05 UTC');
    expect(utcWindow(new Date('2025-12-31T23:50:00Z'), new Date('2026-01-01T00:10:00Z'))).toBe('between Dec 31 23:50 and Jan 1 00:10 UTC');
    expect(utcPeriod(new Date('2025-03-03T00:00:00Z'), new Date('2025-03-10T09:30:00Z'))).toBe('Mar 3 00:00 – Mar 10 09:30 UTC');
  });
});
