// The /raidreport CSV (one row per claimant), written with platform's RFC 4180 helpers (formula cells
// guarded: reasons quote member-written text). The leaderboard file is the leaderboards service's.
import { csvDocument } from '../platform/csv.js';
import { claimBasis, type ClaimBasis } from './types.js';
import type { ClaimantOutcome } from './validate-raid.js';

export const RAID_REPORT_COLUMNS = [
  'telegram_user_id', 'x_username', 'reply', 'repost', 'like', 'quote', 'bookmark', 'rests_on', 'verdict', 'reasons', 'points', 'reward', 'decided_by',
] as const;

/** The `rests_on` column: what the claim rests on, so a sheet can count the self-report-only claims. */
export const RESTS_ON: Readonly<Record<ClaimBasis, string>> = { verified: 'verified', self_report: 'self_report_only', none: 'nothing' };

/**
 * The `/raidreport` CSV, rows sorted by Telegram id. `rests_on` is `verified` (X showed at least one
 * requested action), `self_report_only` (nothing verified, only actions X cannot show) or `nothing`.
 * `verdict` is the verdict now (after any admin decision; `decided_by` names the admin). `points` is what
 * counts now for accepted rows, the pending amount for flagged rows, 0 for rejected ones. `reward` is the
 * share in the token's smallest unit, empty when there is none.
 */
export function raidReportCsv(outcomes: ReadonlyArray<ClaimantOutcome & { decidedBy?: number | null }>): string {
  const rows = [...outcomes]
    .sort((a, b) => a.claimant.telegramUserId - b.claimant.telegramUserId)
    .map((o) => [
      String(o.claimant.telegramUserId),
      o.claimant.xUsername,
      o.actions.reply.status,
      o.actions.repost.status,
      o.actions.like.status,
      o.actions.quote.status,
      o.actions.bookmark.status,
      RESTS_ON[claimBasis(o.actions)],
      o.verdict,
      o.reasons.join('; '),
      String(o.verdict === 'accepted' ? o.points : o.verdict === 'flagged' ? o.computedPoints : 0),
      o.reward === null ? '' : o.reward.toString(),
      o.decidedBy === null || o.decidedBy === undefined ? '' : String(o.decidedBy),
    ]);
  return csvDocument(RAID_REPORT_COLUMNS, rows);
}
