// Rules on what and when: nothing for this raid at all, and claim bursts.
import { humanTime } from '../../platform/human-time.js';
import { postUrl } from '../../x/index.js';
import type { FraudRule } from '../anti-fraud.js';
import { ACTIONS, claimBasis, type ClaimantJudgement } from '../types.js';

const HOUR_MS = 3_600_000;

function firstPreRaid(j: ClaimantJudgement): { action: string; postId?: string; at?: Date } | undefined {
  for (const a of ACTIONS) {
    if (!j.actions[a].requested) continue;
    const e = j.actions[a].preRaid[0];
    if (e) return { action: a, ...(e.postId ? { postId: e.postId } : {}), ...(e.at ? { at: e.at } : {}) };
  }
  return undefined;
}

/**
 * No requested action verified or unverifiable: nothing X shows and nothing X hides could be this
 * member's work for this raid, so there is nothing to count. Engagement from before the raid started (a
 * second raid on the same post finds the replies of the first) does not count for this raid, but it is not a
 * fraud signal either: the reason says so, and no other rule holds it against the member.
 */
export const noEngagementRule: FraudRule = {
  id: 'no_engagement',
  prepare: (_all, ctx) => (j) => {
    if (claimBasis(j.actions) !== 'none') return [];
    const early = firstPreRaid(j);
    if (!early) return [{ rule: 'no_engagement', severity: 'reject', reason: 'no engagement found: X shows none of the requested actions by this account' }];
    const what = [early.postId ? postUrl(early.postId) : '', early.at ? humanTime(early.at) : ''].filter(Boolean).join(', ');
    return [{
      rule: 'no_engagement',
      severity: 'reject',
      reason: `nothing new for this raid: the ${early.action} X shows${what ? ` (${what})` : ''} predates the raid start (${humanTime(ctx.raid.startedAt)}), so it does not count here; this is not a fraud flag`,
    }];
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
