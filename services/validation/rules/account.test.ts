import { describe, expect, it } from 'vitest';
import { T0, claimant, context, runRule, sets } from '../fixtures.test-support.js';
import { accountAgeRule, followersRule } from './account.js';
import { uid } from '../../platform/telegram-ids.test-support.js';

const DAY = 86_400_000;
const profile = (ageDays: number, followers: number) => ({ createdAt: new Date(T0.getTime() - ageDays * DAY - 1000), followers });

describe('account rules', () => {
  const ctx = (p: ReturnType<typeof profile>) => context({ profiles: new Map([['x1', p]]) }, { minAccountAgeDays: 30, minFollowers: 10 });

  it('flags an account younger than the minimum, measured at the raid start', () => {
    expect(runRule(accountAgeRule, sets(), [claimant('1')], ctx(profile(2, 100))).get(uid(1))).toEqual([
      { rule: 'account_age', severity: 'flag', reason: 'X account @user1 is 2 days old (minimum 30)' },
    ]);
    expect(runRule(accountAgeRule, sets(), [claimant('1')], ctx(profile(30, 100))).get(uid(1))).toEqual([]);
  });

  it('flags a claimant whose profile could not be read, once', () => {
    const c = context({ profiles: new Map() }, { minAccountAgeDays: 30, minFollowers: 10 });
    expect(runRule(accountAgeRule, sets(), [claimant('1')], c).get(uid(1))?.[0]?.reason).toMatch(/could not be read/);
    expect(runRule(followersRule, sets(), [claimant('1')], c).get(uid(1))).toEqual([]);
  });

  it('flags fewer followers than the minimum', () => {
    expect(runRule(followersRule, sets(), [claimant('1')], ctx(profile(400, 1))).get(uid(1))).toEqual([
      { rule: 'followers', severity: 'flag', reason: 'X account @user1 has 1 follower (minimum 10)' },
    ]);
    expect(runRule(followersRule, sets(), [claimant('1')], ctx(profile(400, 10))).get(uid(1))).toEqual([]);
  });
});
