// Public face of validation. The core is pure functions and their types, no database, no network; the
// DB-backed service (createValidation, service.ts) reads X once per raid and the database, calls
// validateRaid, stores the result, appends raidResultDigest to the history, and renders the CSVs.
export type {
  Action,
  ActionStatus,
  ActionVerdict,
  Claimant,
  ClaimBasis,
  ClaimantJudgement,
  EngagementPost,
  EngagementSets,
  Evidence,
  PostSource,
  RaidInfo,
  RepostTimeline,
  SourceFlags,
  UserSource,
  VisibleAction,
} from './types.js';
export { ACTIONS, TARGET_OF, VISIBLE_ACTIONS, claimBasis } from './types.js';
export { compareClaims, compareIds } from './order.js';

export { X_USER_LIST_CAP, indexEngagement, judgeClaimant, judgeClaimants, type EngagementIndex } from './judge.js';

export {
  DEFAULT_RULES,
  assessClaimants,
  verdictOf,
  type ClaimantCheck,
  type FraudAssessment,
  type FraudContext,
  type FraudFlag,
  type FraudRule,
  type FraudThresholds,
  type Severity,
  type Verdict,
  type XProfile,
} from './anti-fraud.js';
export { accountAgeRule, followersRule } from './rules/account.js';
export { blacklistRule, sharedAccountRule } from './rules/identity.js';
export { nearDuplicateRule, replyLengthRule, visibleLength } from './rules/text.js';
export { selfReportOnlyRule } from './rules/self-report.js';
export { claimRateRule, noEngagementRule } from './rules/timing.js';
export {
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  nearDuplicateGroups,
  normalizeText,
  shingles,
  textSimilarity,
  type NearDuplicateResult,
} from './similarity.js';

export { DEFAULT_POINT_WEIGHTS, scoreClaimant, scoreClaimants, type ClaimantPoints, type PointWeights } from './points.js';
export { splitReward, type RewardCandidate, type RewardPool, type RewardShare, type RewardSplit, type SplitRule } from './reward-split.js';
export { validateRaid, type ClaimantOutcome, type RaidValidationInput, type RaidValidationResult } from './validate-raid.js';
export { DIGEST_VERSION, canonicalJson, outcomeRecord, raidResultDigest, type DigestVersion, type RaidDigest, type RaidDigestInput } from './digest.js';
export {
  LEADERBOARD_COLUMNS,
  RAID_REPORT_COLUMNS,
  RESTS_ON,
  csvField,
  csvLine,
  guardCell,
  leaderboardCsv,
  raidReportCsv,
  type LeaderboardEntry,
} from './csv.js';
export {
  MAX_TARGET,
  RAID_USAGE,
  parseDuration,
  parsePostUrl,
  parseRaidCommand,
  type PostUrlResult,
  type RaidCommandDefaults,
  type RaidCommandResult,
  type RaidPool,
} from './raid-command.js';

// The DB-backed service: tables in schema `validation`, the raid runner, decisions, appeals, reports.
export { createValidation, validationSchema, type BlacklistChange, type Validation } from './service.js';
export type { ValidationDeps } from './deps.js';
export type { AppealResult, DecideResult, Decision } from './decisions.js';
export type { AppealState, SelfReportOnlyCounts, StoredOutcome, ValidationSummary } from './outcome-store.js';
export type { RunResult } from './run-validation.js';
export type { DecisionData, Member, MemberName, MessageContent, ResultsData, ResultsNotes, ReviewMember, RewardData, ValidationMessages } from './messages.js';
export type { BlacklistKind } from './blacklist-store.js';
