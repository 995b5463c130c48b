// A canonical encoding of a raid's result and its sha256, appended to the hash-chained history so
// anyone holding the published outcomes can recompute the digest and see that the payout set is the one
// that was committed. Canonical: claimants sorted by Telegram id, evidence sorted by post id, object keys
// sorted, bigints and dates as strings, no whitespace. Reply texts and notes are left out: post ids are
// the evidence (texts stay on X), and notes are derived wording that may be reworded later.
import { createHash } from 'node:crypto';
import { compareIds } from './order.js';
import type { RewardSplit } from './reward-split.js';
import { ACTIONS, VISIBLE_ACTIONS, type Action, type Evidence } from './types.js';
import type { ClaimantOutcome } from './validate-raid.js';

/**
 * Bumped if the encoding changes, so older digests stay checkable by their own rules (the history event
 * records the version). 1: the four actions X can show. 2: bookmarks too, judged unverifiable since then.
 */
export const DIGEST_VERSION = 2;
export type DigestVersion = 1 | 2;

const ACTIONS_OF: Record<DigestVersion, readonly Action[]> = { 1: VISIBLE_ACTIONS, 2: ACTIONS };

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785), bigint as decimal string, Date as
 * ISO-8601, undefined members left out. Non-finite numbers are refused: they have no JSON form.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

const evidenceOf = (list: readonly Evidence[]) =>
  list
    .map((e) => ({ source: e.source, postId: e.postId, at: e.at }))
    .sort((a, b) => compareIds(a.postId ?? '', b.postId ?? '') || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));

/** The canonical record of one claimant's outcome. */
export function outcomeRecord(o: ClaimantOutcome, version: DigestVersion = DIGEST_VERSION): Record<string, unknown> {
  const actions: Record<string, unknown> = {};
  for (const a of ACTIONS_OF[version]) {
    const v = o.actions[a];
    actions[a] = { status: v.status, requested: v.requested, evidence: evidenceOf(v.evidence), preRaid: evidenceOf(v.preRaid) };
  }
  return {
    // A decimal string, as every committed digest encoded it: the id's type changed, the bytes must not.
    telegramUserId: String(o.claimant.telegramUserId),
    xUserId: o.claimant.xUserId,
    xUsername: o.claimant.xUsername,
    claimedAt: o.claimant.claimedAt,
    actions,
    verdict: o.verdict,
    flags: o.flags.map((f) => ({ rule: f.rule, severity: f.severity, reason: f.reason })),
    points: o.points,
    computedPoints: o.computedPoints,
    reward: o.reward,
  };
}

export interface RaidDigestInput {
  /** The raid's own id (as the history subject) and the X post it raided. */
  raidId: string;
  postId: string;
  outcomes: readonly ClaimantOutcome[];
  reward: Pick<RewardSplit, 'pool' | 'split' | 'rule' | 'remainder' | 'undistributed'> | null;
  /** Default: the current version; an older raid's digest is recomputed with the version its event names. */
  version?: DigestVersion;
}

export interface RaidDigest {
  canonical: string;
  sha256: string;
}

export function raidResultDigest(input: RaidDigestInput): RaidDigest {
  const version = input.version ?? DIGEST_VERSION;
  const outcomes = [...input.outcomes]
    .sort((a, b) => a.claimant.telegramUserId - b.claimant.telegramUserId)
    .map((o) => outcomeRecord(o, version));
  const reward = input.reward && {
    amount: input.reward.pool.amount,
    token: input.reward.pool.token,
    split: input.reward.split,
    rule: input.reward.rule,
    remainder: input.reward.remainder,
    undistributed: input.reward.undistributed,
  };
  const canonical = canonicalJson({ v: version, raidId: input.raidId, postId: input.postId, outcomes, reward });
  return { canonical, sha256: createHash('sha256').update(canonical, 'utf8').digest('hex') };
}
