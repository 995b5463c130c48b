// Public face of leaderboards: a group's boards as data (ranked rows and the names to show), for the bot's
// /leaderboard and /export and, later, the Mini App. The counts are other services' (see deps.ts); what is
// decided here is the period, the ranking and the CSV file, so every surface shows the same board.
import { leaderboardCsv } from './csv.js';
import type { LeaderboardsDeps } from './deps.js';
import { periodStart, rankRows, type Period, type RankedRow, type ScoreRow } from './ranking.js';
import { memberStanding, type MemberStanding } from './member-standing.js';

export type { MemberStanding } from './member-standing.js';
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';

export type { LeaderboardsDeps } from './deps.js';
export { exportFilename, LEADERBOARD_COLUMNS, POINTS_FILE_MAX_ROWS } from './csv.js';
export { periodStart, rankRows, weekStart, type Period, type RankedRow, type ScoreRow } from './ranking.js';

export type BoardKind = 'points' | 'messages';

export interface Profile {
  username: string | null;
  firstName: string;
}

/** Which board: the period it covers, as of `at` (the moment asked: a redelivered update keeps its week). */
export interface BoardRequest {
  period: Period;
  at: Date;
  limit: number;
}

export interface Board {
  kind: BoardKind;
  period: Period;
  /** Where a weekly board starts (Monday 00:00 UTC); none for all time. */
  since?: Date;
  /** Members with a score above 0, best first, at most `limit`. */
  rows: RankedRow[];
  /** Names of the members on the board that users knows. */
  profiles: ReadonlyMap<TelegramUserId, Profile>;
}

export interface PointsFile {
  /** LEADERBOARD_COLUMNS, one row per member. */
  csv: string;
  since?: Date;
  rows: number;
  /** More members scored than the file holds. */
  truncated: boolean;
}

export interface Leaderboards {
  /** The group's board of accepted raid points or of messages. */
  board(chatId: ChatId, kind: BoardKind, request: BoardRequest): Promise<Board>;
  /** The points board as a CSV file, at most `limit` rows. */
  pointsCsv(chatId: ChatId, request: BoardRequest): Promise<PointsFile>;
  /** One member's points board numbers in every group they have a validated claim in: this week's (as
   * of `at`) and all time's, the same counts as `board(chatId, 'points', ...)`. */
  memberStanding(telegramUserId: TelegramUserId, at: Date): Promise<MemberStanding[]>;
}

export function createLeaderboards(deps: LeaderboardsDeps): Leaderboards {
  async function scores(chatId: ChatId, kind: BoardKind, range: { since?: Date; limit: number }): Promise<ScoreRow[]> {
    if (kind === 'messages') return (await deps.messages.messagesByMember(chatId, range)).map((r) => ({ telegramUserId: r.telegramUserId, score: r.messages }));
    return (await deps.points?.pointsByMember(chatId, range) ?? []).map((r) => ({ telegramUserId: r.telegramUserId, score: r.points }));
  }
  const profilesOf = async (ids: TelegramUserId[]): Promise<ReadonlyMap<TelegramUserId, Profile>> => (ids.length ? deps.users.profiles(ids) : new Map());

  return {
    async board(chatId, kind, { period, at, limit }) {
      const since = periodStart(period, at);
      const rows = rankRows((await scores(chatId, kind, { ...(since ? { since } : {}), limit })).filter((r) => r.score > 0));
      const profiles = await profilesOf(rows.map((r) => r.telegramUserId));
      return { kind, period, ...(since ? { since } : {}), rows, profiles };
    },
    async pointsCsv(chatId, { period, at, limit }) {
      const since = periodStart(period, at);
      // One more than the limit tells whether the file had to be cut.
      const found = await scores(chatId, 'points', { ...(since ? { since } : {}), limit: limit + 1 });
      const rows = found.slice(0, limit);
      const profiles = await profilesOf(rows.map((r) => r.telegramUserId));
      const csv = leaderboardCsv(rows.map((r) => ({ telegramUserId: r.telegramUserId, username: profiles.get(r.telegramUserId)?.username ?? null, points: r.score })));
      return { csv, ...(since ? { since } : {}), rows: rows.length, truncated: found.length > limit };
    },
    memberStanding: (telegramUserId, at) => memberStanding(deps, telegramUserId, at),
  };
}
