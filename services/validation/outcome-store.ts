// SQL for validation.outcomes and validation.results. Outcomes are stored with everything the verdict rests
// on (actions with evidence, flags), in a shape that turns back into the pure core's ClaimantOutcome, so the
// CSV, /myraid and a recomputed digest all read the stored facts rather than re-asking X.
import type { Tx } from '../platform/database.js';
import type { FraudFlag, Verdict } from './anti-fraud.js';
import type { RewardSplit } from './reward-split.js';
import type { Action, ActionVerdict, Evidence } from './types.js';
import type { ClaimantOutcome } from './validate-raid.js';
import { chatId, telegramUserId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';

export type AppealState = 'none' | 'pending' | 'upheld' | 'overturned';

/** A claimant's outcome as stored, with what happened to it afterwards (admin decision, appeal). */
export interface StoredOutcome extends ClaimantOutcome {
  raidId: string;
  chatId: ChatId;
  decidedBy: TelegramUserId | null;
  decidedAt: Date | null;
  appealText: string | null;
  appealedAt: Date | null;
  appealState: AppealState;
  validatedAt: Date;
}

export interface ValidationSummary {
  raidId: string;
  chatId: ChatId;
  counts: Record<Verdict, number>;
  reward: { rule: string; remainder: bigint; undistributed: bigint } | null;
  /** sha256 (hex) of raidResultDigest over the outcomes as validated. */
  digest: string;
  xRequests: number;
  xCostMicros: bigint;
  validatedAt: Date;
}

export const OUTCOME_COLUMNS = `raid_id::text AS raid_id, telegram_user_id::text AS telegram_user_id, chat_id, x_user_id, x_username, claimed_at,
  actions, verdict, reasons, points, computed_points, reward::text AS reward, decided_by, decided_at, appeal_text, appealed_at,
  appeal_state, validated_at`;

// 1,000 rows a statement keeps each JSON parameter a few MB even for claimants with many replies.
const INSERT_CHUNK = 1000;

export async function insertOutcomes(tx: Tx, raidId: string, chatId: ChatId, validatedAt: Date, outcomes: readonly ClaimantOutcome[]): Promise<void> {
  for (let i = 0; i < outcomes.length; i += INSERT_CHUNK) {
    const rows = outcomes.slice(i, i + INSERT_CHUNK).map((o) => ({
      // The recordset reads `t` as text and casts it: the JSON keeps the decimal string it always sent.
      t: String(o.claimant.telegramUserId),
      x: o.claimant.xUserId,
      u: o.claimant.xUsername,
      c: o.claimant.claimedAt.toISOString(),
      a: o.actions,
      v: o.verdict,
      f: o.flags,
      p: o.points,
      cp: o.computedPoints,
      w: o.reward === null ? null : o.reward.toString(),
    }));
    await tx.query(
      `INSERT INTO validation.outcomes
         (raid_id, telegram_user_id, chat_id, x_user_id, x_username, claimed_at, actions, verdict, reasons, points, computed_points, reward, validated_at)
       SELECT $1::bigint, r.t::bigint, $2::bigint, r.x, r.u, r.c::timestamptz, r.a, r.v, r.f, r.p, r.cp, r.w::numeric, $3::timestamptz
         FROM jsonb_to_recordset($4::jsonb) AS r(t text, x text, u text, c text, a jsonb, v text, f jsonb, p int, cp int, w text)`,
      [raidId, chatId, validatedAt, JSON.stringify(rows)],
    );
  }
}

/** False when the raid already has a result: the primary key is what makes a raid's validation happen once. */
export async function insertResult(tx: Tx, s: ValidationSummary): Promise<boolean> {
  const rows: unknown[] = await tx.query(
    `INSERT INTO validation.results (raid_id, chat_id, counts, reward_rule, reward_remainder, undistributed, digest, x_requests, x_cost_micros, validated_at)
     VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7, $8, $9, $10)
     ON CONFLICT (raid_id) DO NOTHING RETURNING raid_id`,
    [
      s.raidId,
      s.chatId,
      JSON.stringify(s.counts),
      s.reward?.rule ?? null,
      s.reward?.remainder.toString() ?? null,
      s.reward?.undistributed.toString() ?? null,
      s.digest,
      s.xRequests,
      s.xCostMicros.toString(),
      s.validatedAt,
    ],
  );
  return rows.length > 0;
}

export function summaryOf(raidId: string, chatId: ChatId, counts: Record<Verdict, number>, split: RewardSplit | null, digest: string, usage: { requests: number; costMicros: bigint }, at: Date): ValidationSummary {
  return {
    raidId,
    chatId,
    counts,
    reward: split && { rule: split.rule, remainder: split.remainder, undistributed: split.undistributed },
    digest,
    xRequests: usage.requests,
    xCostMicros: usage.costMicros,
    validatedAt: at,
  };
}

export async function loadResult(tx: Tx, raidId: string): Promise<ValidationSummary | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT raid_id::text AS raid_id, chat_id, counts, reward_rule, reward_remainder::text AS rem, undistributed::text AS und, digest,
            x_requests, x_cost_micros::text AS cost, validated_at
       FROM validation.results WHERE raid_id = $1`,
    [raidId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    raidId: r.raid_id as string,
    chatId: chatId(r.chat_id as string),
    counts: r.counts as Record<Verdict, number>,
    reward: r.reward_rule === null ? null : { rule: r.reward_rule as string, remainder: BigInt(r.rem as string), undistributed: BigInt(r.und as string) },
    digest: r.digest as string,
    xRequests: r.x_requests as number,
    xCostMicros: BigInt(r.cost as string),
    validatedAt: r.validated_at as Date,
  };
}

/** The group's most recently validated raid (for /raidreport). */
export async function latestResultRaid(tx: Tx, chatId: ChatId): Promise<string | null> {
  const rows: Array<{ raid_id: string }> = await tx.query(
    `SELECT raid_id::text AS raid_id FROM validation.results WHERE chat_id = $1 ORDER BY validated_at DESC, raid_id DESC LIMIT 1`,
    [chatId],
  );
  return rows[0]?.raid_id ?? null;
}

// JSON has no dates: evidence times come back as ISO strings and are turned into Dates again.
const reviveEvidence = (list: Array<Evidence & { at?: Date | string }>): Evidence[] =>
  list.map((e) => ({ ...e, ...(e.at !== undefined ? { at: new Date(e.at) } : {}) }));

// Raids validated before bookmarks were judged have no bookmark entry: it was not asked about then, and the
// digest of those raids (version 1) leaves bookmarks out.
const NOT_JUDGED: ActionVerdict = { status: 'unverifiable', requested: false, evidence: [], preRaid: [], note: 'bookmarks were not judged when this raid was validated' };

function reviveActions(stored: Partial<Record<Action, ActionVerdict>>): Record<Action, ActionVerdict> {
  const out = { bookmark: NOT_JUDGED } as Record<Action, ActionVerdict>;
  for (const [a, v] of Object.entries(stored) as Array<[Action, ActionVerdict]>) {
    out[a] = { ...v, evidence: reviveEvidence(v.evidence), preRaid: reviveEvidence(v.preRaid) };
  }
  return out;
}

export function toOutcome(r: Record<string, unknown>): StoredOutcome {
  const flags = r.reasons as FraudFlag[];
  return {
    raidId: r.raid_id as string,
    chatId: chatId(r.chat_id as string),
    claimant: { telegramUserId: telegramUserId(r.telegram_user_id as string), xUserId: r.x_user_id as string, xUsername: r.x_username as string, claimedAt: r.claimed_at as Date },
    actions: reviveActions(r.actions as Record<Action, ActionVerdict>),
    verdict: r.verdict as Verdict,
    flags,
    reasons: flags.map((f) => f.reason),
    points: r.points as number,
    computedPoints: r.computed_points as number,
    reward: r.reward === null ? null : BigInt(r.reward as string),
    decidedBy: r.decided_by === null ? null : telegramUserId(r.decided_by as string),
    decidedAt: (r.decided_at as Date | null) ?? null,
    appealText: (r.appeal_text as string | null) ?? null,
    appealedAt: (r.appealed_at as Date | null) ?? null,
    appealState: r.appeal_state as AppealState,
    validatedAt: r.validated_at as Date,
  };
}

export async function loadOutcome(tx: Tx, raidId: string, telegramUserId: TelegramUserId, lock = false): Promise<StoredOutcome | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${OUTCOME_COLUMNS} FROM validation.outcomes WHERE raid_id = $1 AND telegram_user_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [raidId, telegramUserId],
  );
  return rows[0] ? toOutcome(rows[0]) : null;
}

export async function latestOutcome(tx: Tx, telegramUserId: TelegramUserId): Promise<StoredOutcome | null> {
  const rows: Array<Record<string, unknown>> = await tx.query(
    `SELECT ${OUTCOME_COLUMNS} FROM validation.outcomes WHERE telegram_user_id = $1 ORDER BY validated_at DESC, raid_id DESC LIMIT 1`,
    [telegramUserId],
  );
  return rows[0] ? toOutcome(rows[0]) : null;
}

export async function loadOutcomes(tx: Tx, raidId: string): Promise<StoredOutcome[]> {
  const rows: Array<Record<string, unknown>> = await tx.query(`SELECT ${OUTCOME_COLUMNS} FROM validation.outcomes WHERE raid_id = $1 ORDER BY telegram_user_id`, [raidId]);
  return rows.map(toOutcome);
}

/** Accepted points per member in a group, most first; ties by lower Telegram id so the order is stable. */
export async function sumPoints(tx: Tx, chatId: ChatId, since: Date | undefined, limit: number): Promise<Array<{ telegramUserId: TelegramUserId; points: number }>> {
  const rows: Array<{ telegram_user_id: string; points: string }> = await tx.query(
    `SELECT telegram_user_id::text AS telegram_user_id, sum(points)::text AS points
       FROM validation.outcomes
      WHERE chat_id = $1 AND verdict = 'accepted' AND ($2::timestamptz IS NULL OR validated_at >= $2)
      GROUP BY telegram_user_id HAVING sum(points) > 0
      ORDER BY sum(points) DESC, telegram_user_id LIMIT $3`,
    [chatId, since ?? null, limit],
  );
  return rows.map((r) => ({ telegramUserId: telegramUserId(r.telegram_user_id), points: Number(r.points) }));
}

/** What became of a raid's claims that rested on self-report alone, as things stand now. */
export interface SelfReportOnlyCounts {
  total: number;
  /** Still waiting for an admin. */
  flagged: number;
  /** Such a claim is never accepted by itself: every accepted one was an admin's decision. */
  acceptedByAdmin: number;
  rejected: number;
}

/**
 * Claims whose requested actions include none X verified and at least one it cannot show, counted by their
 * verdict now (after admin decisions). The same test as claimBasis(), on the stored actions.
 */
export async function countSelfReportOnly(tx: Tx, raidId: string): Promise<SelfReportOnlyCounts> {
  const rows: Array<{ verdict: Verdict; n: number }> = await tx.query(
    `SELECT verdict, count(*)::int AS n FROM validation.outcomes o
      WHERE raid_id = $1
        AND NOT EXISTS (SELECT 1 FROM jsonb_each(o.actions) a WHERE (a.value->>'requested')::boolean AND a.value->>'status' = 'verified')
        AND EXISTS (SELECT 1 FROM jsonb_each(o.actions) a WHERE (a.value->>'requested')::boolean AND a.value->>'status' = 'unverifiable')
      GROUP BY verdict`,
    [raidId],
  );
  const n = (v: Verdict) => rows.find((r) => r.verdict === v)?.n ?? 0;
  return { total: n('accepted') + n('flagged') + n('rejected'), flagged: n('flagged'), acceptedByAdmin: n('accepted'), rejected: n('rejected') };
}

/** Of `telegramUserIds`, the members this group accepted in an earlier raid (by the rules or by an admin). */
export async function acceptedBefore(tx: Tx, chatId: ChatId, raidId: string, telegramUserIds: readonly TelegramUserId[]): Promise<Set<TelegramUserId>> {
  if (telegramUserIds.length === 0) return new Set();
  const rows: Array<{ t: string }> = await tx.query(
    `SELECT DISTINCT telegram_user_id::text AS t FROM validation.outcomes
      WHERE chat_id = $1 AND raid_id <> $2 AND verdict = 'accepted' AND telegram_user_id = ANY($3::bigint[])`,
    [chatId, raidId, telegramUserIds],
  );
  return new Set(rows.map((r) => telegramUserId(r.t)));
}
