import { describe, expect, it } from 'vitest';
import { compareClaims, compareIds } from './order.js';
import { uid } from '../platform/telegram-ids.test-support.js';

describe('compareIds', () => {
  it('orders snowflakes beyond 2^53 numerically, not as text', () => {
    const ids = ['1900000000000000001', '99', '1900000000000000000', '100', '0'];
    expect([...ids].sort(compareIds)).toEqual(['0', '99', '100', '1900000000000000000', '1900000000000000001']);
  });

  it('handles negative ids and falls back to text for non-numbers', () => {
    expect(['5', '-100', '-2'].sort(compareIds)).toEqual(['-100', '-2', '5']);
    expect(compareIds('abc', 'abd')).toBeLessThan(0);
    expect(compareIds('7', '7')).toBe(0);
  });
});

describe('compareClaims', () => {
  it('puts the earliest claim first, then the lower telegram id', () => {
    const t = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-01-01T00:00:01Z');
    const rows = [
      { telegramUserId: uid(20), claimedAt: t },
      { telegramUserId: uid(3), claimedAt: later },
      { telegramUserId: uid(10), claimedAt: t },
    ];
    expect(rows.sort(compareClaims).map((r) => r.telegramUserId)).toEqual([uid(10), uid(20), uid(3)]);
  });
});
