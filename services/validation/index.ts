// Public face of validation: what other services, the bots, the workers and the composition root use. The
// service judges an ended raid once (X read once, the pure core: judge.ts, anti-fraud.ts, points.ts,
// reward-split.ts), stores the outcomes and the result, and serves what comes after (admin decisions,
// appeals, /myraid, the raid report, the points per member the leaderboards rank). Everything else in this
// folder is inner: its tests import those files directly, and a new need from outside is added here, named.

/** The service and its schema (tables in `validation`: outcomes, results). */
export { createValidation, validationSchema, type Validation } from './service.js';
export type { ValidationDeps, ValidationMoney } from './deps.js';
/** What settling a funded pool answered (payout.ts). */
export type { PayoutResult } from './payout.js';

/** The types of Validation's answers: a run's summary, a member's stored outcome, decisions and appeals. */
export type { RunResult } from './run-validation.js';
export type { SelfReportOnlyCounts, StoredOutcome, ValidationSummary } from './outcome-store.js';
export type { AppealResult, DecideResult, Decision } from './decisions.js';
export type { ActionReason, ActionResult, ClaimantResult, ClaimantResults } from './claimant-results.js';
export type { Evidence } from './types.js';
export type { AppealState } from './outcome-store.js';

/** Whether a member may appeal an outcome now (the rule appeal() enforces) and how long an appeal may be. */
export { canAppeal } from './member-outcomes.js';
export { MAX_APPEAL_LENGTH } from './decisions.js';

/** The judged actions and what a claim rests on, for words about an outcome (the bot's /myraid). */
export { ACTIONS, claimBasis, type ActionVerdict } from './types.js';

/** What validation's messages port asks of the bot's texts (messages.ts). */
export type { DecisionData, Member, MemberName, MessageContent, PoolSettledData, ResultsData, ResultsNotes, ReviewMember, RewardData, ValidationMessages } from './messages.js';
