import { describe, expect, it } from 'vitest';
import { judgeClaimants } from './judge.js';
import { DEFAULT_POINT_WEIGHTS, scoreClaimant, scoreClaimants } from './points.js';
import { claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const engaged = sets({
  replies: { posts: [post('2001', 'x1', 'a real reply here', minutes(2))] },
  reposters: { userIds: Array.from({ length: 100 }, (_, i) => (i === 0 ? 'x1' : `u${i}`)) },
  likers: { userIds: [], private: true },
});

describe('scoreClaimant', () => {
  it('weighs verified at the action weight, unverifiable at self-report, not_found at 0', () => {
    const [j1, j2] = judgeClaimants(raid(), engaged, [claimant('1'), claimant('2')]);
    // 1: reply verified 4 + repost verified 5 + like unverifiable 1 + quote not_found 0
    expect(scoreClaimant(j1!, 'accepted')).toEqual({
      telegramUserId: uid(1),
      computed: 10,
      awarded: 10,
      pending: false,
      breakdown: { reply: 4, repost: 5, like: 1, quote: 0, bookmark: 0 },
    });
    // 2: reply not_found, repost unverifiable (capped list), like unverifiable: nothing verified, so the
    // member's word alone earns nothing (even if an admin accepts the claim), unless the group says otherwise.
    expect(scoreClaimant(j2!, 'accepted').breakdown).toEqual({ reply: 0, repost: 0, like: 0, quote: 0, bookmark: 0 });
    expect(scoreClaimant(j2!, 'flagged', { ...DEFAULT_POINT_WEIGHTS, selfReportAlone: true })).toMatchObject({ computed: 2, breakdown: { repost: 1, like: 1 } });
  });

  it('gives a requested bookmark the self-report weight next to a verified action: X never shows bookmarks', () => {
    const [j] = judgeClaimants(raid({ bookmarks: 5 }), engaged, [claimant('1')]);
    expect(scoreClaimant(j!, 'accepted').breakdown).toEqual({ reply: 4, repost: 5, like: 1, quote: 0, bookmark: 1 });
  });

  it('awards only accepted claimants; flagged ones wait with their computed points', () => {
    const [j] = judgeClaimants(raid(), engaged, [claimant('1')]);
    expect(scoreClaimant(j!, 'flagged')).toMatchObject({ computed: 10, awarded: 0, pending: true });
    expect(scoreClaimant(j!, 'rejected')).toMatchObject({ computed: 10, awarded: 0, pending: false });
  });

  it('counts only requested actions and the group weights', () => {
    const [j] = judgeClaimants(raid({ likes: 0, reposts: 0 }), engaged, [claimant('1')]);
    expect(scoreClaimant(j!, 'accepted', { ...DEFAULT_POINT_WEIGHTS, reply: 7 }).breakdown).toEqual({ reply: 7, repost: 0, like: 0, quote: 0, bookmark: 0 });
  });

  it('refuses fractional or negative weights', () => {
    const [j] = judgeClaimants(raid(), engaged, [claimant('1')]);
    expect(() => scoreClaimant(j!, 'accepted', { ...DEFAULT_POINT_WEIGHTS, like: 1.5 })).toThrow(RangeError);
    expect(() => scoreClaimant(j!, 'accepted', { ...DEFAULT_POINT_WEIGHTS, selfReport: -1 })).toThrow(/selfReport/);
  });
});

describe('scoreClaimants', () => {
  it('treats a claimant without a verdict as rejected', () => {
    const js = judgeClaimants(raid(), engaged, [claimant('1'), claimant('2')]);
    const out = scoreClaimants(js, new Map([[uid(1), 'accepted' as const]]));
    expect(out.map((p) => p.awarded)).toEqual([10, 0]);
  });
});
