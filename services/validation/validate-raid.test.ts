import { describe, expect, it } from 'vitest';
import type { XProfile } from './anti-fraud.js';
import { claimant, minutes, post, raid, sets, T0 } from './fixtures.test-support.js';
import { validateRaid, type RaidValidationInput } from './validate-raid.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const DAY = 86_400_000;
const old: XProfile = { createdAt: new Date(T0.getTime() - 400 * DAY), followers: 300 };

function scenario(): RaidValidationInput {
  const claimants = [claimant('1'), claimant('2'), claimant('3'), claimant('4'), claimant('5', minutes(3), 'x1')];
  return {
    raid: raid({ likes: 0, quotes: 0 }),
    engagement: sets({
      replies: {
        posts: [
          post('2001', 'x1', 'I have read the whitepaper and the staking model is neat', minutes(2)),
          post('2002', 'x2', 'Copy me: this raid bot is the best thing since sliced bread', minutes(3)),
          post('2003', 'x3', 'copy me this raid bot is the best thing since sliced bread!!', minutes(4)),
        ],
      },
      reposters: { userIds: ['x1', 'x2', 'x3'] },
    }),
    claimants,
    fraud: {
      thresholds: { minAccountAgeDays: 30, minFollowers: 10, minReplyLength: 10, maxClaimsPerHour: 10 },
      profiles: new Map(['x1', 'x2', 'x3', 'x4'].map((x) => [x, old])),
      xAccountOwners: new Map([['x1', uid(1)]]),
    },
    reward: { pool: { amount: 1_000_001n, token: 'USDT' }, split: 'pro_rata' },
  };
}

describe('validateRaid', () => {
  it('judges, assesses, scores and splits in one pass', () => {
    const r = validateRaid(scenario());
    const by = new Map(r.outcomes.map((o) => [o.claimant.telegramUserId, o]));
    // 2 wrote first and 3 copied: the original keeps the claim and shares the pool, the copy waits for an admin.
    expect(by.get(uid(1))).toMatchObject({ verdict: 'accepted', points: 9, computedPoints: 9, reward: 500_001n, reasons: [] });
    expect(by.get(uid(2))).toMatchObject({ verdict: 'accepted', points: 9, computedPoints: 9, reward: 500_000n, reasons: [] });
    expect(by.get(uid(3))).toMatchObject({ verdict: 'flagged', points: 0, computedPoints: 9, reward: null });
    expect(by.get(uid(3))?.reasons[0]).toMatch(/near-duplicate .* of @user2's earlier https:\/\/x\.com\/i\/status\/2002/);
    expect(by.get(uid(4))).toMatchObject({ verdict: 'rejected', reasons: [expect.stringMatching(/^no engagement found/)] });
    expect(by.get(uid(5))).toMatchObject({ verdict: 'rejected', reasons: ['X account @user5 is linked to another member (1)'] });
    expect(r.counts).toEqual({ accepted: 2, flagged: 1, rejected: 2 });
    expect(r.selfReportOnly).toEqual({ accepted: 0, flagged: 0, rejected: 0 });
    expect(r.reward).toMatchObject({ undistributed: 0n, remainder: 1n, qualifying: 2, totalPoints: 18 });
  });

  it('gives the same result whatever the order of claimants and engagement', () => {
    const a = scenario();
    const b = { ...a, claimants: [...a.claimants].reverse(), engagement: { ...a.engagement, replies: { posts: [...a.engagement.replies.posts].reverse() } } };
    expect(validateRaid(b)).toEqual(validateRaid(a));
  });

  it('has no reward column without a pool', () => {
    const r = validateRaid({ ...scenario(), reward: undefined });
    expect(r.reward).toBeNull();
    expect(r.outcomes.every((o) => o.reward === null)).toBe(true);
  });
});

describe('validateRaid at scale', () => {
  it('validates 10,000 claimants against 5,000 replies with one index', () => {
    const replies = Array.from({ length: 5000 }, (_, i) => post(String(100_000 + i), `x${i}`, `my own reply ${i} about ${(i * 7919).toString(36)} and ${(i * 31).toString(36)}`, minutes(2)));
    for (let i = 0; i < 30; i++) replies[i] = post(String(100_000 + i), `x${i}`, 'same copied shill text for the raid, lfg', minutes(2 + i / 100));
    const claimants = Array.from({ length: 10_000 }, (_, i) => claimant(String(i + 1), minutes(5), `x${i}`));
    const r = validateRaid({
      raid: raid({ likes: 0, quotes: 0 }),
      engagement: sets({ replies: { posts: replies }, reposters: { userIds: ['x1'], capped: true } }),
      claimants,
      fraud: { thresholds: { minAccountAgeDays: 0, minFollowers: 0, minReplyLength: 5, maxClaimsPerHour: 10 }, profiles: new Map(claimants.map((c) => [c.xUserId, old])) },
      reward: { pool: { amount: 10n ** 24n, token: 'WAR' }, split: 'pro_rata' },
    });
    // The 5,000 who did not reply have only a repost X cannot show (capped list): never accepted on their word,
    // so flagged; of the 30 copies of one text the earliest keeps its claim and 29 are flagged.
    expect(r.counts).toEqual({ accepted: 4971, flagged: 5029, rejected: 0 });
    expect(r.selfReportOnly).toEqual({ accepted: 0, flagged: 5000, rejected: 0 });
    expect(r.outcomes.reduce((s, o) => s + (o.reward ?? 0n), 0n) + r.reward!.undistributed).toBe(10n ** 24n);
  });
});
