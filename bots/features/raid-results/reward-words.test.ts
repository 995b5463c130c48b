import { describe, expect, it } from 'vitest';
import { splitReward, type RewardCandidate } from '../../../services/validation/reward-split.js';
import { rewardWords } from './reward-words.js';
import { uid } from '../../../services/platform/telegram-ids.test-support.js';

const at = new Date('2026-03-01T12:00:00Z');
const c = (tg: string, points: number): RewardCandidate => ({ telegramUserId: uid(tg), verdict: 'accepted', points, claimedAt: at });
const words = (split: 'equal' | 'pro_rata' | 'top_n', amount: bigint, cands: RewardCandidate[], topN = 2) => {
  const r = splitReward({ amount, token: 'USDT' }, cands, split, topN);
  const first = r.shares.find((s) => s.amount > 0n);
  const example = first && { points: cands.find((x) => x.telegramUserId === first.telegramUserId)!.points, share: first.amount };
  return rewardWords({ ...r, topN, ...(example ? { example } : {}) });
};

describe('the reward split in words', () => {
  it('says an equal split with exact amounts in whole tokens, and where rounding went', () => {
    expect(words('equal', 100_000_001n, [c('1', 4), c('2', 9), c('3', 1)])).toBe(
      '🎁 Reward pool <b>100.000001 USDT</b>: split equally among the 3 members accepted, 33.333333 USDT or 33.333334 USDT each. Rounding to the token\'s smallest unit left 0.000002 USDT: one smallest unit each went to the earliest claims.',
    );
  });

  it('says a split by points without a formula, on a real member’s case', () => {
    expect(words('pro_rata', 1_500_000_000n, [c('1', 9), c('2', 4), c('3', 2)])).toBe(
      '🎁 Reward pool <b>1500 USDT</b>: shared by points. The 3 members accepted earned 15 points together, and each gets as large a part of the pool as their part of those points (9 of 15 points → 900 USDT).',
    );
  });

  it('says who shares a top-N split, ties included, and when nobody qualifies', () => {
    expect(words('top_n', 30_000_000n, [c('1', 9), c('2', 5), c('3', 5), c('4', 1)])).toBe(
      '🎁 Reward pool <b>30 USDT</b>: the top 2 accepted by points share it equally, 10 USDT each (3 members: everyone tied with place 2, on 5 points, shares too).',
    );
    expect(words('pro_rata', 30_000_000n, [c('1', 0)])).toBe('🎁 Reward pool <b>30 USDT</b>: no accepted member earned points, so none of it is paid out.');
    expect(words('equal', 30_000_000n, [])).toBe('🎁 Reward pool <b>30 USDT</b>: nobody was accepted, so none of it is paid out.');
  });
});
