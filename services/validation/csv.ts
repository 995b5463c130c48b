// CSV exports for admins: the /raidreport (one row per claimant) and the leaderboard. RFC 4180 (CRLF,
// fields with comma, quote or line break quoted, quotes doubled) so spreadsheets read them as written.
// Cells that a spreadsheet would run as a formula (= + - @, and tab/CR which some apps strip first) get a
// leading apostrophe: reasons quote member-written text, and an X reply can start with "=HYPERLINK(".
import { compareIds } from './order.js';
import { claimBasis, type ClaimBasis } from './types.js';
import type { ClaimantOutcome } from './validate-raid.js';

export const RAID_REPORT_COLUMNS = [
  'telegram_user_id', 'x_username', 'reply', 'repost', 'like', 'quote', 'bookmark', 'rests_on', 'verdict', 'reasons', 'points', 'reward', 'decided_by',
] as const;

/** The `rests_on` column: what the claim rests on, so a sheet can count the self-report-only claims. */
export const RESTS_ON: Readonly<Record<ClaimBasis, string>> = { verified: 'verified', self_report: 'self_report_only', none: 'nothing' };
export const LEADERBOARD_COLUMNS = ['rank', 'telegram_user_id', 'username', 'points'] as const;

/** Neutralises formula injection: the cell is shown as text, never evaluated. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field, guarded against formulas. */
export function csvField(value: string): string {
  const v = guardCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(',');
}

function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}

/**
 * The `/raidreport` CSV, rows sorted by Telegram id. `rests_on` is `verified` (X showed at least one
 * requested action), `self_report_only` (nothing verified, only actions X cannot show) or `nothing`.
 * `verdict` is the verdict now (after any admin decision; `decided_by` names the admin). `points` is what
 * counts now for accepted rows, the pending amount for flagged rows, 0 for rejected ones. `reward` is the
 * share in the token's smallest unit, empty when there is none.
 */
export function raidReportCsv(outcomes: ReadonlyArray<ClaimantOutcome & { decidedBy?: number | null }>): string {
  const rows = [...outcomes]
    .sort((a, b) => compareIds(a.claimant.telegramUserId, b.claimant.telegramUserId))
    .map((o) => [
      o.claimant.telegramUserId,
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
  return csv(RAID_REPORT_COLUMNS, rows);
}

export interface LeaderboardEntry {
  telegramUserId: string;
  /** Telegram or X username as the caller chooses; null shows as empty. */
  username: string | null;
  points: number;
}

/**
 * The leaderboard CSV: most points first, equal points share a rank (1, 2, 2, 4: standard competition
 * ranking), and within a rank rows go by Telegram id so the file is the same every time.
 */
export function leaderboardCsv(entries: readonly LeaderboardEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.points - a.points || compareIds(a.telegramUserId, b.telegramUserId));
  let rank = 0;
  const rows = sorted.map((e, i) => {
    if (i === 0 || e.points !== sorted[i - 1]!.points) rank = i + 1;
    return [String(rank), e.telegramUserId, e.username ?? '', String(e.points)];
  });
  return csv(LEADERBOARD_COLUMNS, rows);
}
