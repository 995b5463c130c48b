import { describe, expect, it } from 'vitest';
import { unitsText } from './amounts.js';

describe('token amounts for people', () => {
  it('writes the exact decimal of the smallest units, without trailing zeros', () => {
    expect(unitsText(1_500_500_000n, 6)).toBe('1500.5');
    expect(unitsText(1n, 18)).toBe('0.000000000000000001');
    expect(unitsText(10n ** 30n, 18)).toBe('1000000000000');
    expect(unitsText(0n, 6)).toBe('0');
    expect(unitsText(-40n, 1)).toBe('-4');
    expect(unitsText(7n, 0)).toBe('7');
  });
});
