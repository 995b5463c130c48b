// The rules every board follows, wherever it is shown (the bot's /leaderboard, /export, later the Mini
// App): the week a weekly board covers, and how equal scores are ranked.
import type { TelegramUserId } from '../platform/telegram-ids.js';

export type Period = 'week' | 'all';

export interface ScoreRow {
  telegramUserId: TelegramUserId;
  score: number;
}
export interface RankedRow extends ScoreRow {
  rank: number;
}

/** The ISO week's start (Monday 00:00 UTC) of the given moment: a weekly board that resets for everyone at
 * once, and that lines up with the daily message counts (a rolling 7 days would cut a day in two). */
export function weekStart(at: Date): Date {
  const midnight = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * 86_400_000);
}

/** Where a board of `period` asked at `at` starts; none for all time. */
export function periodStart(period: Period, at: Date): Date | undefined {
  return period === 'week' ? weekStart(at) : undefined;
}

/** Highest score first, equal scores share a rank (1, 2, 2, 4) and go by Telegram id, as in the CSV. */
export function rankRows(rows: readonly ScoreRow[]): RankedRow[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score || a.telegramUserId - b.telegramUserId);
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || row.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...row, rank };
  });
}
