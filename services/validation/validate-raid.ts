// The whole validation of one raid as one pure function: judge -> anti-fraud -> points -> reward split ->
// one outcome per claimant. The wiring layer reads X and the database, calls this, stores the result and
// appends its digest to the history; re-running it on the same input gives the same bytes.
import { assessClaimants, DEFAULT_RULES, type FraudContext, type FraudFlag, type FraudRule, type Verdict } from './anti-fraud.js';
import { judgeClaimants } from './judge.js';
import { DEFAULT_POINT_WEIGHTS, scoreClaimant, type PointWeights } from './points.js';
import { splitReward, type RewardPool, type RewardSplit, type SplitRule } from './reward-split.js';
import { claimBasis, type Action, type ActionVerdict, type Claimant, type EngagementSets, type RaidInfo } from './types.js';

export interface RaidValidationInput {
  raid: RaidInfo;
  engagement: EngagementSets;
  claimants: readonly Claimant[];
  fraud: Omit<FraudContext, 'raid'>;
  weights?: PointWeights;
  rules?: readonly FraudRule[];
  /** Absent: the raid carries no reward pool. */
  reward?: { pool: RewardPool; split: SplitRule; topN?: number };
}

export interface ClaimantOutcome {
  claimant: Claimant;
  actions: Record<Action, ActionVerdict>;
  verdict: Verdict;
  flags: FraudFlag[];
  /** The flags' reasons, in rule order. */
  reasons: string[];
  /** Points that count now (accepted only). */
  points: number;
  /** Points the actions are worth; for a flagged claimant, what an admin's approval would award. */
  computedPoints: number;
  /** Share of the pool; null when the raid has no pool or the claimant is not accepted. */
  reward: bigint | null;
}

export interface RaidValidationResult {
  outcomes: ClaimantOutcome[];
  counts: Record<Verdict, number>;
  /** Of those, the claims that rested on actions X cannot show alone (claim basis `self_report`), by verdict. */
  selfReportOnly: Record<Verdict, number>;
  reward: RewardSplit | null;
}

export function validateRaid(input: RaidValidationInput): RaidValidationResult {
  const judgements = judgeClaimants(input.raid, input.engagement, input.claimants);
  // Every text X returned, so a copied original is found whoever wrote it (the raid post itself is no reply).
  const texts = [...input.engagement.replies.posts, ...input.engagement.quotes.posts].filter((p) => p.postId !== input.raid.postId);
  const ctx = { texts, ...input.fraud, raid: input.raid };
  const assessments = new Map(assessClaimants(judgements, ctx, input.rules ?? DEFAULT_RULES).map((a) => [a.telegramUserId, a]));
  const weights = input.weights ?? DEFAULT_POINT_WEIGHTS;
  const scored = judgements.map((j) => {
    const a = assessments.get(j.claimant.telegramUserId)!;
    return { j, a, p: scoreClaimant(j, a.verdict, weights) };
  });

  const split = input.reward
    ? splitReward(
        input.reward.pool,
        scored.map(({ j, a, p }) => ({ telegramUserId: j.claimant.telegramUserId, verdict: a.verdict, points: p.awarded, claimedAt: j.claimant.claimedAt })),
        input.reward.split,
        input.reward.topN,
      )
    : null;
  const shareOf = new Map(split?.shares.map((s) => [s.telegramUserId, s.amount]) ?? []);

  const counts: Record<Verdict, number> = { accepted: 0, flagged: 0, rejected: 0 };
  const selfReportOnly: Record<Verdict, number> = { accepted: 0, flagged: 0, rejected: 0 };
  const outcomes = scored.map(({ j, a, p }): ClaimantOutcome => {
    counts[a.verdict]++;
    if (claimBasis(j.actions) === 'self_report') selfReportOnly[a.verdict]++;
    return {
      claimant: j.claimant,
      actions: j.actions,
      verdict: a.verdict,
      flags: a.flags,
      reasons: a.flags.map((f) => f.reason),
      points: p.awarded,
      computedPoints: p.computed,
      reward: shareOf.get(j.claimant.telegramUserId) ?? null,
    };
  });
  return { outcomes, counts, selfReportOnly, reward: split };
}
