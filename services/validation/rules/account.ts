// Rules on the X account itself: fresh or follower-less accounts are the cheapest to farm.
import type { FraudRule } from '../anti-fraud.js';

const DAY_MS = 86_400_000;

export const accountAgeRule: FraudRule = {
  id: 'account_age',
  prepare: (_all, ctx) => (j) => {
    const profile = ctx.profiles?.get(j.claimant.xUserId);
    if (!profile) {
      // Missing data is not evidence of innocence: an admin looks rather than the claim passing unchecked.
      return [{ rule: 'account_age', severity: 'flag', reason: `X profile of @${j.claimant.xUsername} could not be read, so its age and followers are unchecked` }];
    }
    // Age at the raid's start, not at validation time, so re-running validation later gives the same answer.
    const days = Math.floor((ctx.raid.startedAt.getTime() - profile.createdAt.getTime()) / DAY_MS);
    if (days >= ctx.thresholds.minAccountAgeDays) return [];
    return [{ rule: 'account_age', severity: 'flag', reason: `X account @${j.claimant.xUsername} is ${Math.max(0, days)} day${days === 1 ? '' : 's'} old (minimum ${ctx.thresholds.minAccountAgeDays})` }];
  },
};

export const followersRule: FraudRule = {
  id: 'followers',
  prepare: (_all, ctx) => (j) => {
    const profile = ctx.profiles?.get(j.claimant.xUserId);
    // A missing profile is already reported once by account_age.
    if (!profile || profile.followers >= ctx.thresholds.minFollowers) return [];
    return [{ rule: 'followers', severity: 'flag', reason: `X account @${j.claimant.xUsername} has ${profile.followers} follower${profile.followers === 1 ? '' : 's'} (minimum ${ctx.thresholds.minFollowers})` }];
  },
};
