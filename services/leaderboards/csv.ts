// The points leaderboard as a CSV file (what /export sends an admin): one row per member, ranked as the
// board in the group is.
import { csvDocument } from '../platform/csv.js';
import type { Period } from './ranking.js';
import type { TelegramUserId } from '../platform/telegram-ids.js';

export const LEADERBOARD_COLUMNS = ['rank', 'telegram_user_id', 'username', 'points'] as const;

export interface LeaderboardEntry {
  telegramUserId: TelegramUserId;
  /** Telegram or X username as the caller chooses; null shows as empty. */
  username: string | null;
  points: number;
}

/**
 * The leaderboard CSV: most points first, equal points share a rank (1, 2, 2, 4: standard competition
 * ranking), and within a rank rows go by Telegram id so the file is the same every time.
 */
export function leaderboardCsv(entries: readonly LeaderboardEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.points - a.points || a.telegramUserId - b.telegramUserId);
  let rank = 0;
  const rows = sorted.map((e, i) => {
    if (i === 0 || e.points !== sorted[i - 1]!.points) rank = i + 1;
    return [String(rank), String(e.telegramUserId), e.username ?? '', String(e.points)];
  });
  return csvDocument(LEADERBOARD_COLUMNS, rows);
}

/** Rows in one points file: far above any real group's active members, low enough to keep a Telegram
 * document (an outbox row) small. */
export const POINTS_FILE_MAX_ROWS = 10_000;

/** The points file's name, wherever it is handed out (/export's document, the Mini App's download): it
 * names the group (an admin may export several) in plain ASCII, which every file system accepts. */
export function exportFilename(groupTitle: string, period: Period, at: Date): string {
  const slug = groupTitle.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).toLowerCase() || 'group';
  return `leaderboard-${slug}-${period}-${at.toISOString().slice(0, 10)}.csv`;
}
