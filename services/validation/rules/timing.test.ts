import { describe, expect, it } from 'vitest';
import { claimant, context, minutes, post, raid, runRule, sets } from '../fixtures.test-support.js';
import { claimRateRule, noEngagementRule, preRaidRule } from './timing.js';

describe('noEngagementRule', () => {
  it('rejects when no requested action is verified or unverifiable', () => {
    expect(runRule(noEngagementRule, sets(), [claimant('1')]).get('1')?.[0]).toMatchObject({ severity: 'reject', reason: expect.stringMatching(/^no engagement found/) });
  });

  it('ignores actions the raid did not ask for', () => {
    const ctx = context({ raid: raid({ reposts: 0 }) });
    expect(runRule(noEngagementRule, sets({ reposters: { userIds: ['x1'] } }), [claimant('1')], ctx).get('1')).toHaveLength(1);
  });

  it('accepts an unverifiable (private) action as possible engagement', () => {
    expect(runRule(noEngagementRule, sets({ likers: { userIds: [], private: true } }), [claimant('1')]).get('1')).toEqual([]);
  });
});

describe('preRaidRule', () => {
  it('rejects when all engagement X shows predates the raid', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', 'early words here', minutes(-10))] } });
    expect(runRule(preRaidRule, s, [claimant('1')]).get('1')).toEqual([
      { rule: 'pre_raid', severity: 'reject', reason: 'all engagement X shows predates the raid start 2026-03-01T12:00:00.000Z (reply 2001 at 2026-03-01T11:50:00.000Z)' },
    ]);
  });

  it('says nothing when raid-time engagement sits next to earlier engagement', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', 'early', minutes(-10))] }, reposters: { userIds: ['x1'] } });
    expect(runRule(preRaidRule, s, [claimant('1')]).get('1')).toEqual([]);
  });
});

describe('claimRateRule', () => {
  it('flags more claims than allowed in the hour up to this claim, counting this one once', () => {
    const at = minutes(2);
    const history = [minutes(-57), minutes(-30), minutes(-1), at, minutes(-70)];
    const ctx = context({ claimHistory: new Map([['1', history]]) }, { maxClaimsPerHour: 3 });
    expect(runRule(claimRateRule, sets(), [claimant('1', at)], ctx).get('1')).toEqual([
      { rule: 'claim_rate', severity: 'flag', reason: '4 claims in the hour up to this one (limit 3)' },
    ]);
    const ok = context({ claimHistory: new Map([['1', history]]) }, { maxClaimsPerHour: 4 });
    expect(runRule(claimRateRule, sets(), [claimant('1', at)], ok).get('1')).toEqual([]);
  });
});
