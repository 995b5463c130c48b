import { describe, expect, it } from 'vitest';
import { claimant, context, minutes, post, raid, runRule, sets } from '../fixtures.test-support.js';
import { selfReportOnlyRule } from './self-report.js';
import { uid } from '../../platform/telegram-ids.test-support.js';

const hundred = Array.from({ length: 100 }, (_, i) => `u${i}`);
const hidden = sets({ reposters: { userIds: hundred }, likers: { userIds: [], private: true } });

describe('selfReportOnlyRule', () => {
  it('flags a claim X verified nothing of, saying which actions X cannot show and why', () => {
    expect(runRule(selfReportOnlyRule, hidden, [claimant('1')]).get(uid(1))).toEqual([{
      rule: 'self_report_only',
      severity: 'flag',
      reason: 'self-report alone: X shows none of the requested actions, and cannot show the repost (X lists 100 reposters at most) or the like (likes are private)',
    }]);
  });

  it('rejects instead when the group says so', () => {
    const strict = context({}, { selfReportOnly: 'reject' });
    expect(runRule(selfReportOnlyRule, hidden, [claimant('1')], strict).get(uid(1))?.[0]).toMatchObject({ severity: 'reject', reason: expect.stringMatching(/this group rejects such claims$/) });
  });

  it('leaves alone a claim with one verified action, and one with nothing at all (another rule rejects it)', () => {
    const s = sets({ ...hidden, replies: { posts: [post('2001', 'x1', 'a real reply to the post', minutes(3))] } });
    const out = runRule(selfReportOnlyRule, s, [claimant('1'), claimant('2')], context({ raid: raid({ likes: 0, reposts: 0 }) }));
    expect(out.get(uid(1))).toEqual([]);
    expect(out.get(uid(2))).toEqual([]);
  });

  it('counts a bookmark as self-report: X never shows who bookmarked', () => {
    const ctx = context({ raid: raid({ replies: 5, reposts: 0, likes: 0, quotes: 0, bookmarks: 5 }) });
    expect(runRule(selfReportOnlyRule, sets(), [claimant('1')], ctx).get(uid(1))?.[0]?.reason).toContain('the bookmark (bookmarks are private)');
  });
});
