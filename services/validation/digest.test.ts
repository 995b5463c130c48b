import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, raidResultDigest } from './digest.js';
import { claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import { validateRaid, type RaidValidationInput } from './validate-raid.js';

describe('canonicalJson', () => {
  it('sorts keys recursively, writes bigints and dates as strings, drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2n, new Date(0)], c: undefined, Z: null }, é: true })).toBe(
      '{"a":{"Z":null,"d":["2","1970-01-01T00:00:00.000Z"]},"b":1,"é":true}',
    );
    expect(canonicalJson(2n ** 200n)).toBe(`"${(2n ** 200n).toString()}"`);
  });

  it('refuses values without a JSON form', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });
});

function input(): RaidValidationInput {
  return {
    raid: raid(),
    engagement: sets({
      replies: { posts: [post('2001', 'x1', 'a long enough reply', minutes(2)), post('2002', 'x2', 'another one entirely', minutes(3)), post('1999', 'x2', 'early', minutes(-3))] },
      reposters: { userIds: ['x2', 'x1'] },
      likers: { userIds: [], private: true },
    }),
    claimants: [claimant('2'), claimant('1'), claimant('3')],
    fraud: {
      thresholds: { minAccountAgeDays: 0, minFollowers: 0, minReplyLength: 0, maxClaimsPerHour: 9 },
      profiles: new Map(['x1', 'x2', 'x3'].map((x) => [x, { createdAt: new Date(0), followers: 50 }])),
    },
    reward: { pool: { amount: 10n ** 20n + 1n, token: 'WAR' }, split: 'equal' },
  };
}

describe('raidResultDigest', () => {
  it('is the sha256 of the canonical text, and independent of input order', () => {
    const a = input();
    const ra = validateRaid(a);
    const d1 = raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: ra.outcomes, reward: ra.reward });
    expect(d1.sha256).toBe(createHash('sha256').update(d1.canonical).digest('hex'));
    expect(d1.sha256).toMatch(/^[0-9a-f]{64}$/);

    const b = { ...a, claimants: [...a.claimants].reverse(), engagement: { ...a.engagement, replies: { posts: [...a.engagement.replies.posts].reverse() }, reposters: { userIds: ['x1', 'x2'] } } };
    const rb = validateRaid(b);
    const d2 = raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: [...rb.outcomes].reverse(), reward: rb.reward });
    expect(d2).toEqual(d1);
  });

  it('encodes bigints as strings and leaves texts out', () => {
    const r = validateRaid(input());
    const { canonical } = raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: r.outcomes, reward: r.reward });
    expect(canonical).toContain('"amount":"100000000000000000001"');
    // Claimant 3 has only a private like to show, so is not accepted: the pool goes to two, the odd unit to the first.
    expect(canonical).toContain('"reward":"50000000000000000001"');
    expect(canonical).not.toContain('a long enough reply');
    expect(canonical.indexOf('"telegramUserId":"1"')).toBeLessThan(canonical.indexOf('"telegramUserId":"2"'));
  });

  it('changes when any outcome changes', () => {
    const r = validateRaid(input());
    const base = raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: r.outcomes, reward: r.reward }).sha256;
    const tampered = r.outcomes.map((o, i) => (i === 0 ? { ...o, reward: (o.reward ?? 0n) + 1n } : o));
    expect(raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: tampered, reward: r.reward }).sha256).not.toBe(base);
    expect(raidResultDigest({ raidId: 'r2', postId: '1000', outcomes: r.outcomes, reward: r.reward }).sha256).not.toBe(base);
  });

  it('recomputes a raid validated before bookmarks were judged with the version its history event names', () => {
    const r = validateRaid(input());
    const stripped = r.outcomes.map((o) => {
      const { bookmark: _, ...rest } = o.actions;
      return { ...o, actions: rest as typeof o.actions };
    });
    const v1 = raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: stripped, reward: r.reward, version: 1 });
    expect(raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: r.outcomes, reward: r.reward, version: 1 })).toEqual(v1);
    expect(v1.canonical).not.toContain('bookmark');
    expect(raidResultDigest({ raidId: 'r1', postId: '1000', outcomes: r.outcomes, reward: r.reward }).canonical).toContain('"bookmark":{"evidence":[]');
  });
});
