// Anti-fraud: every rule looks at a claimant's judgement and says, in words, what is wrong and how bad it
// is. Nothing is rejected silently: the verdict lists every reason, so a member can read why and appeal,
// and an admin deciding a flagged claim sees the same reasons.
//
// Rules are data: an array of { id, prepare }. `prepare` runs once per raid over all judgements (so a rule
// that compares claimants, like near-duplicate replies, builds its index once), and returns the check for
// one claimant. Adding a rule is adding one entry to DEFAULT_RULES.
import type { ClaimantJudgement, EngagementPost, RaidInfo } from './types.js';
import { accountAgeRule, followersRule } from './rules/account.js';
import { blacklistRule, sharedAccountRule } from './rules/identity.js';
import { nearDuplicateRule, replyLengthRule } from './rules/text.js';
import { selfReportOnlyRule } from './rules/self-report.js';
import { claimRateRule, noEngagementRule } from './rules/timing.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export interface FraudThresholds {
  minAccountAgeDays: number;
  minFollowers: number;
  /** In user-perceived characters, after the leading @mentions X adds to replies and any urls. */
  minReplyLength: number;
  maxClaimsPerHour: number;
  /** Shingle Jaccard from which two claimants' texts are copies; default 0.85. */
  nearDuplicateThreshold?: number;
  /** What a claim resting on self-report alone gets (the group's antifraud.self_report_only); default flag. */
  selfReportOnly?: Severity;
}

/** What X says about an account (GET /2/users: created_at, public_metrics.followers_count). */
export interface XProfile {
  createdAt: Date;
  followers: number;
}

export interface FraudContext {
  raid: RaidInfo;
  thresholds: FraudThresholds;
  blacklist?: { telegramUserIds?: Iterable<TelegramUserId>; xUserIds?: Iterable<string> };
  /** Profiles by X user id; a claimant whose profile is missing is flagged, not waved through. */
  profiles?: ReadonlyMap<string, XProfile>;
  /** X user id -> Telegram id of the member who verified that account (from the users service). */
  xAccountOwners?: ReadonlyMap<string, TelegramUserId>;
  /** Telegram id -> times of this member's claims in the group (any raid); this claim may be among them. */
  claimHistory?: ReadonlyMap<TelegramUserId, readonly Date[]>;
  /** Every reply and quote X returned, claimants' or not: the original of a copied text may be anyone's. */
  texts?: readonly EngagementPost[];
}

export type Severity = 'flag' | 'reject';
export type Verdict = 'accepted' | 'flagged' | 'rejected';

export interface FraudFlag {
  rule: string;
  severity: Severity;
  /** One sentence a member and an admin can read. */
  reason: string;
}

export interface FraudAssessment {
  telegramUserId: TelegramUserId;
  verdict: Verdict;
  flags: FraudFlag[];
}

export type ClaimantCheck = (j: ClaimantJudgement) => FraudFlag[];

export interface FraudRule {
  id: string;
  prepare(judgements: readonly ClaimantJudgement[], ctx: FraudContext): ClaimantCheck;
}

/** The rules in the order their reasons are listed. */
export const DEFAULT_RULES: readonly FraudRule[] = [
  blacklistRule,
  sharedAccountRule,
  noEngagementRule,
  selfReportOnlyRule,
  accountAgeRule,
  followersRule,
  replyLengthRule,
  nearDuplicateRule,
  claimRateRule,
];

/** Any reject wins; else any flag means an admin decides; else accepted. */
export function verdictOf(flags: readonly FraudFlag[]): Verdict {
  if (flags.some((f) => f.severity === 'reject')) return 'rejected';
  return flags.length > 0 ? 'flagged' : 'accepted';
}

/** Runs every rule over every claimant. Output sorted by Telegram id, one entry per judgement. */
export function assessClaimants(
  judgements: readonly ClaimantJudgement[],
  ctx: FraudContext,
  rules: readonly FraudRule[] = DEFAULT_RULES,
): FraudAssessment[] {
  const checks = rules.map((r) => r.prepare(judgements, ctx));
  return [...judgements]
    .sort((a, b) => a.claimant.telegramUserId - b.claimant.telegramUserId)
    .map((j) => {
      const flags = checks.flatMap((check) => check(j));
      return { telegramUserId: j.claimant.telegramUserId, verdict: verdictOf(flags), flags };
    });
}
