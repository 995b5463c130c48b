import { describe, expect, it } from 'vitest';
import { splitReward, type RewardCandidate, type SplitRule } from './reward-split.js';
import { minutes } from './fixtures.test-support.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const pool = (amount: bigint) => ({ amount, token: 'USDT' });
const cand = (tg: string, points: number, claimMinute = 1, verdict: RewardCandidate['verdict'] = 'accepted'): RewardCandidate => ({
  telegramUserId: uid(tg),
  points,
  claimedAt: minutes(claimMinute),
  verdict,
});
const amounts = (r: ReturnType<typeof splitReward>) => Object.fromEntries(r.shares.map((s) => [s.telegramUserId, s.amount]));

describe('splitReward equal', () => {
  it('divides among accepted only, leftover units by earliest claim then lowest id', () => {
    const r = splitReward(pool(100n), [cand('3', 1, 2), cand('1', 1, 5), cand('2', 9, 2), cand('4', 9, 0, 'flagged')], 'equal');
    expect(amounts(r)).toEqual({ '1': 33n, '2': 34n, '3': 33n });
    expect(r).toMatchObject({ remainder: 1n, undistributed: 0n });
    expect(r.rule).toMatch(/^equal: .*earliest claim, then lowest telegram id/);
  });

  it('leaves the pool undistributed when nobody is accepted', () => {
    const r = splitReward(pool(50n), [cand('1', 5, 1, 'rejected')], 'equal');
    expect(r).toMatchObject({ shares: [], remainder: 0n, undistributed: 50n });
    expect(r.rule).toMatch(/nobody qualifies/);
  });
});

describe('splitReward pro_rata', () => {
  it('uses the largest-remainder method', () => {
    // 10 × 1/3, 10 × 1/3, 10 × 1/3 -> 3,3,3 and one unit left: all fractions equal, earliest claim wins.
    const r = splitReward(pool(10n), [cand('1', 5, 3), cand('2', 5, 1), cand('3', 5, 2)], 'pro_rata');
    expect(amounts(r)).toEqual({ '1': 3n, '2': 4n, '3': 3n });
    // 100 × 4/7 = 57.14, × 2/7 = 28.57, × 1/7 = 14.28 -> 57, 29, 14: the largest fraction gets the unit.
    const r2 = splitReward(pool(100n), [cand('1', 4), cand('2', 2), cand('3', 1)], 'pro_rata');
    expect(amounts(r2)).toEqual({ '1': 57n, '2': 29n, '3': 14n });
    expect(r2.remainder).toBe(1n);
  });

  it('gives nothing to zero points and keeps the pool when all have zero', () => {
    expect(amounts(splitReward(pool(9n), [cand('1', 0), cand('2', 3)], 'pro_rata'))).toEqual({ '1': 0n, '2': 9n });
    expect(splitReward(pool(9n), [cand('1', 0)], 'pro_rata').undistributed).toBe(9n);
  });

  it('is exact for amounts far beyond 2^53 (18-decimal tokens)', () => {
    const big = 123_456_789_000_000_000_000_000_007n;
    const r = splitReward(pool(big), [cand('1', 3), cand('2', 7), cand('3', 11)], 'pro_rata');
    expect(r.shares.reduce((s, x) => s + x.amount, 0n)).toBe(big);
  });
});

describe('splitReward top_n', () => {
  it('lets everyone tied with the Nth place share', () => {
    const r = splitReward(pool(1000n), [cand('1', 10), cand('2', 8), cand('3', 8), cand('4', 5), cand('5', 0)], 'top_n', 2);
    expect(amounts(r)).toEqual({ '1': 334n, '2': 333n, '3': 333n, '4': 0n, '5': 0n });
    expect(r.rule).toMatch(/3 winners; everyone tied on points with place 2 shares/);
  });

  it('takes everyone with points when fewer than N have any', () => {
    expect(amounts(splitReward(pool(7n), [cand('1', 2), cand('2', 0)], 'top_n', 5))).toEqual({ '1': 7n, '2': 0n });
  });

  it('refuses a bad N, a negative pool and a repeated candidate', () => {
    expect(() => splitReward(pool(1n), [cand('1', 1)], 'top_n', 0)).toThrow(RangeError);
    expect(() => splitReward(pool(-1n), [], 'equal')).toThrow(RangeError);
    expect(() => splitReward(pool(1n), [cand('1', 1), cand('1', 2)], 'equal')).toThrow(/twice/);
    expect(() => splitReward(pool(1n), [cand('1', 1.5)], 'equal')).toThrow(RangeError);
  });
});

describe('splitReward properties', () => {
  it('always hands out the pool exactly, deterministically and order-independently', () => {
    let seed = 20260301;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const splits: SplitRule[] = ['equal', 'pro_rata', 'top_n'];
    for (let round = 0; round < 500; round++) {
      const amount = BigInt(rand(1_000_000)) * BigInt(rand(1_000_000)) * (round % 7 === 0 ? 10n ** 18n : 1n) + BigInt(rand(3));
      const n = 1 + rand(40);
      const cands = Array.from({ length: n }, (_, i) =>
        cand(String(1000 + i), rand(4) === 0 ? 0 : rand(30), rand(10), (['accepted', 'accepted', 'flagged', 'rejected'] as const)[rand(4)]),
      );
      const split = splits[round % 3]!;
      const r = splitReward(pool(amount), cands, split, 1 + rand(8));
      const sum = r.shares.reduce((s, x) => s + x.amount, 0n);
      expect(sum + r.undistributed).toBe(amount);
      expect(r.shares.every((s) => s.amount >= 0n)).toBe(true);
      expect(r.remainder).toBeLessThan(BigInt(Math.max(1, r.shares.length)));
      const accepted = cands.filter((c) => c.verdict === 'accepted');
      if (accepted.some((c) => c.points > 0) || (split === 'equal' && accepted.length > 0)) expect(r.undistributed).toBe(0n);
      const shuffled = [...cands].reverse();
      const again = splitReward(pool(amount), shuffled, split, Number(/top (\d+)/.exec(r.rule)?.[1] ?? 10));
      expect(again.shares).toEqual(r.shares);
    }
  });
});
