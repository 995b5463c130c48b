// Rules on what and when: no engagement at all, engagement that predates the raid, and claim bursts.
import type { FraudRule } from '../anti-fraud.js';
import { ACTIONS, type ClaimantJudgement } from '../types.js';

const HOUR_MS = 3_600_000;

/**
 * No requested action verified or unverifiable: nothing X shows and nothing X hides could be this
 * member's raid work. An unverifiable action is not proof of engagement, but it is not proof of absence
 * either, so it keeps the claim alive (it earns the self-report weight only).
 */
export const noEngagementRule: FraudRule = {
  id: 'no_engagement',
  prepare: () => (j) => {
    const any = ACTIONS.some((a) => j.actions[a].requested && j.actions[a].status !== 'not_found');
    return any ? [] : [{ rule: 'no_engagement', severity: 'reject', reason: 'no engagement found: X shows none of the requested actions by this account' }];
  },
};

function firstPreRaid(j: ClaimantJudgement): { action: string; postId?: string; at?: Date } | undefined {
  for (const a of ACTIONS) {
    const e = j.actions[a].preRaid[0];
    if (e) return { action: a, ...(e.postId ? { postId: e.postId } : {}), ...(e.at ? { at: e.at } : {}) };
  }
  return undefined;
}

/**
 * Engagement dated before the raid started is not work for this raid. If it is all X shows (no action
 * verified inside the raid), the claim is rejected. Earlier engagement next to raid-time engagement is
 * normal for followers of the account, so it is kept as evidence but not flagged.
 */
export const preRaidRule: FraudRule = {
  id: 'pre_raid',
  prepare: (_all, ctx) => (j) => {
    const early = firstPreRaid(j);
    if (!early) return [];
    if (ACTIONS.some((a) => j.actions[a].status === 'verified')) return [];
    const what = early.postId ? `${early.action} ${early.postId}${early.at ? ` at ${early.at.toISOString()}` : ''}` : early.action;
    return [{ rule: 'pre_raid', severity: 'reject', reason: `all engagement X shows predates the raid start ${ctx.raid.startedAt.toISOString()} (${what})` }];
  },
};

/** More claims than the group allows in the hour ending at this claim (this one included). */
export const claimRateRule: FraudRule = {
  id: 'claim_rate',
  prepare: (_all, ctx) => (j) => {
    const at = j.claimant.claimedAt.getTime();
    const times = new Set<number>([at]);
    for (const t of ctx.claimHistory?.get(j.claimant.telegramUserId) ?? []) times.add(t.getTime());
    let count = 0;
    for (const t of times) if (t > at - HOUR_MS && t <= at) count++;
    if (count <= ctx.thresholds.maxClaimsPerHour) return [];
    return [{ rule: 'claim_rate', severity: 'flag', reason: `${count} claims in the hour up to this one (limit ${ctx.thresholds.maxClaimsPerHour})` }];
  },
};
