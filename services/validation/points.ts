// Points per claimant from the judged actions and the group's weights. Integers only: points feed
// leaderboards and pro-rata payouts, where a float would make the split depend on rounding.
import type { Verdict } from './anti-fraud.js';
import { ACTIONS, claimBasis, type Action, type ClaimantJudgement } from './types.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export interface PointWeights {
  reply: number;
  repost: number;
  quote: number;
  like: number;
  /**
   * What an `unverifiable` action earns: the member says they did it and X cannot show otherwise. Earned
   * next to at least one verified action only, unless `selfReportAlone` is on.
   */
  selfReport: number;
  /**
   * The group's points.selfreport_alone: self-report points also for a claim X verified nothing of (such a
   * claim is never accepted by itself, so they are paid once an admin accepts it). Off by default: with it
   * on, an admin's Accept pays points for a button press alone.
   */
  selfReportAlone?: boolean;
}

export const DEFAULT_POINT_WEIGHTS: Readonly<PointWeights> = { reply: 4, repost: 5, quote: 5, like: 3, selfReport: 1 };

export interface ClaimantPoints {
  telegramUserId: TelegramUserId;
  /** What the actions are worth, whatever the verdict. */
  computed: number;
  /** What counts now: computed when accepted, 0 otherwise. */
  awarded: number;
  /** Flagged: `computed` waits for an admin's decision. */
  pending: boolean;
  breakdown: Record<Action, number>;
}

const WEIGHT_KEYS = ['reply', 'repost', 'quote', 'like', 'selfReport'] as const;

function checkWeights(w: PointWeights): void {
  for (const k of WEIGHT_KEYS) {
    const v = w[k];
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`point weight ${k} must be a non-negative integer, got ${v}`);
  }
}

/**
 * Verified earns the action's weight, not_found 0, unverifiable the self-report weight, but only next to a
 * verified action (or with selfReportAlone): a claim X verified nothing of earns nothing by the member's word.
 * Only actions the raid asked for count (a like on a replies-only raid is not the work that was requested).
 */
export function scoreClaimant(j: ClaimantJudgement, verdict: Verdict, weights: PointWeights = DEFAULT_POINT_WEIGHTS): ClaimantPoints {
  checkWeights(weights);
  const selfReport = claimBasis(j.actions) === 'verified' || weights.selfReportAlone === true ? weights.selfReport : 0;
  const breakdown: Record<Action, number> = { reply: 0, repost: 0, like: 0, quote: 0, bookmark: 0 };
  for (const a of ACTIONS) {
    const v = j.actions[a];
    if (!v.requested) continue;
    // A bookmark is never verified (X does not show them), so it has no weight of its own.
    breakdown[a] = v.status === 'verified' && a !== 'bookmark' ? weights[a] : v.status === 'unverifiable' ? selfReport : 0;
  }
  const computed = ACTIONS.reduce((sum, a) => sum + breakdown[a], 0);
  return {
    telegramUserId: j.claimant.telegramUserId,
    computed,
    awarded: verdict === 'accepted' ? computed : 0,
    pending: verdict === 'flagged',
    breakdown,
  };
}

/** Points for many claimants; `verdicts` maps telegram id to verdict (a missing verdict counts as rejected). */
export function scoreClaimants(
  judgements: readonly ClaimantJudgement[],
  verdicts: ReadonlyMap<TelegramUserId, Verdict>,
  weights: PointWeights = DEFAULT_POINT_WEIGHTS,
): ClaimantPoints[] {
  return judgements.map((j) => scoreClaimant(j, verdicts.get(j.claimant.telegramUserId) ?? 'rejected', weights));
}
