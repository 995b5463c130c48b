import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../anti-fraud.js';
import { claimant, context, minutes, post, raid, runRule, sets } from '../fixtures.test-support.js';
import { claimRateRule, noEngagementRule } from './timing.js';
import { uid } from '../../platform/telegram-ids.test-support.js';

describe('noEngagementRule', () => {
  it('rejects when no requested action is verified or unverifiable', () => {
    expect(runRule(noEngagementRule, sets(), [claimant('1')]).get(uid(1))?.[0]).toMatchObject({ severity: 'reject', reason: expect.stringMatching(/^no engagement found/) });
  });

  it('ignores actions the raid did not ask for', () => {
    const ctx = context({ raid: raid({ reposts: 0 }) });
    expect(runRule(noEngagementRule, sets({ reposters: { userIds: ['x1'] } }), [claimant('1')], ctx).get(uid(1))).toHaveLength(1);
  });

  it('accepts an unverifiable (private) action as possible engagement', () => {
    expect(runRule(noEngagementRule, sets({ likers: { userIds: [], private: true } }), [claimant('1')]).get(uid(1))).toEqual([]);
  });
});

describe('engagement from before the raid (a second raid on the same post)', () => {
  it('does not count for this raid, and says so in human words without calling it fraud', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', 'early words here', minutes(-10))] } });
    expect(runRule(noEngagementRule, s, [claimant('1')]).get(uid(1))).toEqual([{
      rule: 'no_engagement',
      severity: 'reject',
      reason: 'nothing new for this raid: the reply X shows (https://x.com/i/status/2001, 1 Mar 2026, 11:50 UTC) predates the raid start (1 Mar 2026, 12:00 UTC), so it does not count here; this is not a fraud flag',
    }]);
  });

  it('is not held against a member who also engaged during the raid', () => {
    const s = sets({ replies: { posts: [post('2001', 'x1', 'early', minutes(-10))] }, reposters: { userIds: ['x1'] } });
    const ctx = context({ profiles: new Map([['x1', { createdAt: new Date(0), followers: 100 }]]) });
    const flags = DEFAULT_RULES.flatMap((rule) => runRule(rule, s, [claimant('1')], ctx).get(uid(1)) ?? []);
    expect(flags).toEqual([]);
  });
});

describe('claimRateRule', () => {
  it('flags more claims than allowed in the hour up to this claim, counting this one once', () => {
    const at = minutes(2);
    const history = [minutes(-57), minutes(-30), minutes(-1), at, minutes(-70)];
    const ctx = context({ claimHistory: new Map([[uid(1), history]]) }, { maxClaimsPerHour: 3 });
    expect(runRule(claimRateRule, sets(), [claimant('1', at)], ctx).get(uid(1))).toEqual([
      { rule: 'claim_rate', severity: 'flag', reason: '4 claims in the hour up to this one (limit 3)' },
    ]);
    const ok = context({ claimHistory: new Map([[uid(1), history]]) }, { maxClaimsPerHour: 4 });
    expect(runRule(claimRateRule, sets(), [claimant('1', at)], ok).get(uid(1))).toEqual([]);
  });
});
