import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, assessClaimants, verdictOf, type FraudContext, type FraudRule, type XProfile } from './anti-fraud.js';
import { judgeClaimants } from './judge.js';
import { T0, claimant, minutes, post, raid, sets } from './fixtures.test-support.js';
import type { Claimant, EngagementSets } from './types.js';
import { uid } from '../platform/telegram-ids.test-support.js';

const DAY = 86_400_000;
const goodProfile: XProfile = { createdAt: new Date(T0.getTime() - 400 * DAY), followers: 500 };

function assess(s: EngagementSets, claimants: Claimant[], extra: Partial<FraudContext> = {}) {
  const r = raid({ likes: 0 });
  const profiles = new Map(claimants.map((c) => [c.xUserId, goodProfile]));
  const ctx: FraudContext = {
    raid: r,
    thresholds: { minAccountAgeDays: 30, minFollowers: 10, minReplyLength: 10, maxClaimsPerHour: 5 },
    profiles,
    ...extra,
  };
  return assessClaimants(judgeClaimants(r, s, claimants), ctx);
}

const honestReply = (id: string, x: string) => post(id, x, `@warhorn honest words number ${id} about the launch`, minutes(3));

describe('assessClaimants', () => {
  it('accepts an honest claimant with no flags', () => {
    const [a] = assess(sets({ replies: { posts: [honestReply('2001', 'x1')] } }), [claimant('1')]);
    expect(a).toEqual({ telegramUserId: uid(1), verdict: 'accepted', flags: [] });
  });

  it('rejects a claimant with no engagement, saying so', () => {
    const [a] = assess(sets(), [claimant('1')]);
    expect(a?.verdict).toBe('rejected');
    expect(a?.flags).toEqual([{ rule: 'no_engagement', severity: 'reject', reason: expect.stringMatching(/^no engagement found/) }]);
  });

  it('never accepts a claim whose only action is unverifiable (capped reposts): an admin decides', () => {
    const capped = { userIds: Array.from({ length: 100 }, (_, i) => `u${i}`) };
    const [a] = assess(sets({ reposters: capped }), [claimant('1')]);
    expect(a).toMatchObject({ verdict: 'flagged', flags: [{ rule: 'self_report_only', severity: 'flag' }] });
    const [b] = assess(sets({ reposters: capped, replies: { posts: [honestReply('2001', 'x1')] } }), [claimant('1')]);
    expect(b?.verdict).toBe('accepted');
  });

  it('lists every reason, rejects winning over flags', () => {
    const young: XProfile = { createdAt: new Date(T0.getTime() - 2 * DAY), followers: 1 };
    const [a] = assess(sets(), [claimant('1')], { profiles: new Map([['x1', young]]), blacklist: { telegramUserIds: [uid(1)] } });
    expect(a?.verdict).toBe('rejected');
    expect(a?.flags.map((f) => f.rule)).toEqual(['blacklist', 'no_engagement', 'account_age', 'followers']);
    expect(a?.flags[2]?.reason).toBe('X account @user1 is 2 days old (minimum 30)');
  });

  it('flags (not rejects) when only flag rules fire', () => {
    const [a] = assess(sets({ replies: { posts: [post('2001', 'x1', '@warhorn gm', minutes(3))] } }), [claimant('1')]);
    expect(a).toMatchObject({ verdict: 'flagged', flags: [{ rule: 'reply_length', reason: 'reply is 2 characters long (minimum 10)' }] });
  });

  it('returns one assessment per judgement sorted by telegram id', () => {
    const out = assess(sets(), [claimant('30'), claimant('4'), claimant('100')]);
    expect(out.map((a) => a.telegramUserId)).toEqual([uid(4), uid(30), uid(100)]);
  });

  it('runs custom rules: adding a rule is one entry', () => {
    const banWord: FraudRule = {
      id: 'ban_word',
      prepare: () => (j) => (j.actions.reply.evidence.some((e) => /scam/i.test(e.text ?? '')) ? [{ rule: 'ban_word', severity: 'flag', reason: 'says scam' }] : []),
    };
    const r = raid();
    const js = judgeClaimants(r, sets({ replies: { posts: [post('2001', 'x1', 'total scam lol', minutes(2))] } }), [claimant('1')]);
    const ctx: FraudContext = { raid: r, thresholds: { minAccountAgeDays: 0, minFollowers: 0, minReplyLength: 0, maxClaimsPerHour: 9 } };
    expect(assessClaimants(js, ctx, [...DEFAULT_RULES, banWord])[0]?.flags.map((f) => f.rule)).toEqual(['account_age', 'ban_word']);
  });

  it('runs the default rules in one order, the order a claimant’s flags and reasons are listed in', () => {
    expect(DEFAULT_RULES.map((r) => r.id)).toEqual([
      'blacklist', 'shared_account', 'no_engagement', 'self_report_only', 'account_age', 'followers', 'reply_length', 'near_duplicate', 'claim_rate',
    ]);
  });
});

describe('verdictOf', () => {
  it('is accepted, flagged or rejected by the worst severity', () => {
    expect(verdictOf([])).toBe('accepted');
    expect(verdictOf([{ rule: 'a', severity: 'flag', reason: '' }])).toBe('flagged');
    expect(verdictOf([{ rule: 'a', severity: 'flag', reason: '' }, { rule: 'b', severity: 'reject', reason: '' }])).toBe('rejected');
  });
});
