// Read model of a raid's claimants for the Mini App's results page: every claimant with their verdict now,
// each action's evidence and why, and the admin's decision. Before validation the raid's claims so far,
// pending. Reads the stored facts (outcome-store.ts), never X.
import type { FraudFlag, Verdict } from './anti-fraud.js';
import type { Decision } from './decisions.js';
import type { ValidationDeps } from './deps.js';
import type { MemberName } from './messages.js';
import { loadOutcomes, loadResult, type AppealState, type StoredOutcome, type ValidationSummary } from './outcome-store.js';
import { ACTIONS, claimBasis, type Action, type ActionStatus, type ClaimBasis, type Evidence } from './types.js';

/** Why an action has its status, as codes (the stored `note` says it in words):
 * `not_requested` the raid did not ask for it; `seen_during_raid` X showed it inside the raid window;
 * `not_found` absent from a complete list; `x_cannot_show` absent from a capped or private list, or a
 * timeline that could not be read; `x_never_shows_bookmarks`; `before_raid` X showed it only (or also)
 * from before the raid started; and the codes of the text rules (reply_length, near_duplicate) that were
 * about this action's posts. */
export type ActionReason = 'not_requested' | 'seen_during_raid' | 'not_found' | 'x_cannot_show' | 'x_never_shows_bookmarks' | 'before_raid' | TextRule;
type TextRule = 'reply_length' | 'near_duplicate';

export interface ActionResult {
  status: ActionStatus;
  requested: boolean;
  /** What X showed inside the raid window: the reply or quote (id, time, text), the repost, the like. */
  evidence: Evidence[];
  /** What X showed from before the raid started: not raid work. */
  preRaid: Evidence[];
  note: string;
  reasons: ActionReason[];
}

export interface ClaimantResult {
  telegramUserId: number;
  profile: MemberName | null;
  xUserId: string;
  xUsername: string;
  claimedAt: Date;
  /** The verdict now (after any admin decision); `pending` before validation. */
  verdict: Verdict | 'pending';
  /** Points that count now; what an Accept would award for a flagged claimant is `computedPoints`. */
  points: number;
  computedPoints: number;
  /** The share of the pool in the token's smallest unit, or null. */
  reward: bigint | null;
  restsOn: ClaimBasis | null;
  /** Null before validation. */
  actions: Record<Action, ActionResult> | null;
  /** The anti-fraud rules that spoke, in rule order. */
  flags: FraudFlag[];
  /** Anti-fraud flagged the claim for an admin (its verdict at validation was `flagged`), decided or not. */
  flagged: boolean;
  /** An admin may decide it now: flagged and undecided, or an appeal pending. */
  awaitingDecision: boolean;
  decision: { decision: Decision; by: number; at: Date } | null;
  appeal: AppealState;
}

export interface ClaimantResults {
  raidId: string;
  status: 'pending' | 'validated';
  /** Null before validation. */
  summary: ValidationSummary | null;
  /** By Telegram id. */
  claimants: ClaimantResult[];
}

// The text rules judge the posts of these actions; their flags are listed on those actions too.
const TEXT_RULES: Readonly<Record<TextRule, readonly Action[]>> = { reply_length: ['reply'], near_duplicate: ['reply', 'quote'] };

function actionResults(o: StoredOutcome): Record<Action, ActionResult> {
  const out = {} as Record<Action, ActionResult>;
  for (const action of ACTIONS) {
    const v = o.actions[action];
    const reasons: ActionReason[] = [];
    if (!v.requested) reasons.push('not_requested');
    if (v.status === 'verified') reasons.push('seen_during_raid');
    else if (v.status === 'not_found') reasons.push('not_found');
    else reasons.push(action === 'bookmark' ? 'x_never_shows_bookmarks' : 'x_cannot_show');
    if (v.preRaid.length > 0) reasons.push('before_raid');
    for (const f of o.flags) {
      const rule = f.rule as TextRule;
      if (TEXT_RULES[rule]?.includes(action) && v.evidence.length > 0 && !reasons.includes(rule)) reasons.push(rule);
    }
    out[action] = { status: v.status, requested: v.requested, evidence: v.evidence, preRaid: v.preRaid, note: v.note, reasons };
  }
  return out;
}

function fromOutcome(o: StoredOutcome, profile: MemberName | undefined): ClaimantResult {
  // The verdict at validation follows from the flags (any reject rejects, else any flag flags).
  const flagged = o.flags.some((f) => f.severity === 'flag') && !o.flags.some((f) => f.severity === 'reject');
  const decided = o.decidedBy !== null && o.decidedAt !== null;
  return {
    telegramUserId: o.claimant.telegramUserId,
    profile: profile ?? null,
    xUserId: o.claimant.xUserId,
    xUsername: o.claimant.xUsername,
    claimedAt: o.claimant.claimedAt,
    verdict: o.verdict,
    points: o.points,
    computedPoints: o.computedPoints,
    reward: o.reward,
    restsOn: claimBasis(o.actions),
    actions: actionResults(o),
    flags: o.flags,
    flagged,
    awaitingDecision: o.verdict === 'flagged' || o.appealState === 'pending',
    // A decision sets the verdict to what was decided; an appeal decided later is the latest decision.
    decision: decided ? { decision: o.verdict === 'accepted' ? 'accept' : 'reject', by: o.decidedBy!, at: o.decidedAt! } : null,
    appeal: o.appealState,
  };
}

/** The raid's claimants with their results (see ClaimantResults); null for an unknown raid. */
export async function claimantResults(deps: Pick<ValidationDeps, 'db' | 'raids' | 'users'>, raidId: string): Promise<ClaimantResults | null> {
  const raid = await deps.raids.get(raidId);
  if (!raid) return null;
  const summary = await loadResult(deps.db.manager, raidId);
  if (summary) {
    const outcomes = await loadOutcomes(deps.db.manager, raidId);
    const names = await deps.users.profiles(outcomes.map((o) => o.claimant.telegramUserId));
    return { raidId, status: 'validated', summary, claimants: outcomes.map((o) => fromOutcome(o, names.get(o.claimant.telegramUserId))) };
  }
  const claims = [...(await deps.raids.claims(raidId))].sort((a, b) => a.telegramUserId - b.telegramUserId);
  const names = await deps.users.profiles(claims.map((c) => c.telegramUserId));
  return {
    raidId,
    status: 'pending',
    summary: null,
    claimants: claims.map((c) => ({
      telegramUserId: c.telegramUserId,
      profile: names.get(c.telegramUserId) ?? null,
      xUserId: c.xUserId,
      xUsername: c.xUsername,
      claimedAt: c.claimedAt,
      verdict: 'pending',
      points: 0,
      computedPoints: 0,
      reward: null,
      restsOn: null,
      actions: null,
      flags: [],
      flagged: false,
      awaitingDecision: false,
      decision: null,
      appeal: 'none',
    })),
  };
}
