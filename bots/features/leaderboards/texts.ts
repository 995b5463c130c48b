// Words of the leaderboards feature: parsing the arguments and the HTML messages. The board itself (its
// week, its ranking, the CSV) is the leaderboards service's; kept apart from the handlers so escaping and
// wording are tested without a bot.
import { humanTime } from '../../../services/platform/human-time.js';
import { escapeHtml } from '../../html.js';
import { rankRows, type BoardKind, type Period, type Profile, type ScoreRow } from '../../../services/leaderboards/index.js';

export type { BoardKind, Period, Profile } from '../../../services/leaderboards/index.js';
export { exportFilename } from '../../../services/leaderboards/index.js';

/** Rows shown in the group; the full list goes to /export. */
export const BOARD_SIZE = 10;
/** Telegram shows names up to 64 characters; a board of ten long ones would be a wall. */
const NAME_MAX = 32;
const MEDALS = ['🥇', '🥈', '🥉'];

export const LEADERBOARD_USAGE = [
  'Usage: <code>/leaderboard [week|all|messages]</code>',
  '• <code>/leaderboard</code> or <code>/leaderboard week</code> — raid points this week (since Monday 00:00 UTC)',
  '• <code>/leaderboard all</code> — raid points of all time',
  '• <code>/leaderboard messages</code> — most active members this week (<code>messages all</code> for all time)',
].join('\n');
export const EXPORT_USAGE = 'Usage: <code>/export [week|all]</code> — I send you the points leaderboard as a CSV file in private.';
export const EXPORT_ANONYMOUS =
  'You are writing as the group (anonymous admin), so I cannot tell who you are or write to you in private. ' +
  'Turn off “Remain anonymous” for a moment and send /export again.';

/** `/leaderboard` arguments: an optional `messages` and an optional period, in any order. Null = usage. */
export function parseLeaderboardArgs(raw: string): { kind: BoardKind; period: Period } | null {
  const words = raw.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let kind: BoardKind = 'points';
  let period: Period | null = null;
  for (const word of words) {
    if ((word === 'messages' || word === 'activity') && kind === 'points') kind = 'messages';
    else if ((word === 'week' || word === 'all') && period === null) period = word;
    else return null;
  }
  return { kind, period: period ?? 'week' };
}

export function parseExportArgs(raw: string): Period | null {
  const word = raw.trim().toLowerCase();
  if (word === '') return 'week';
  return word === 'week' || word === 'all' ? word : null;
}

/** First name (not @username: a board should not ping ten people), cut and escaped for HTML. */
export function displayName(telegramUserId: number, profile: Profile | undefined): string {
  const name = profile?.firstName.trim() || (profile?.username ? profile.username : '') || `member ${telegramUserId}`;
  const chars = [...name];
  return escapeHtml(chars.length > NAME_MAX ? `${chars.slice(0, NAME_MAX - 1).join('')}…` : name);
}

export function periodLabel(period: Period, since: Date | undefined): string {
  if (period === 'all') return 'all time';
  return since ? `this week (since Monday ${humanTime(since)})` : 'this week (since Monday 00:00 UTC)';
}

const unit = (kind: BoardKind, n: number) => (kind === 'points' ? (n === 1 ? 'point' : 'points') : n === 1 ? 'message' : 'messages');

export function renderLeaderboard(input: {
  kind: BoardKind;
  period: Period;
  since?: Date;
  rows: readonly ScoreRow[];
  profiles: ReadonlyMap<number, Profile>;
  size?: number;
}): string {
  const { kind, period } = input;
  const title = kind === 'points' ? '🏆 <b>Raid points</b>' : '💬 <b>Most active members</b>';
  const header = `${title} — ${periodLabel(period, input.since)}`;
  const ranked = rankRows(input.rows.filter((r) => r.score > 0)).slice(0, input.size ?? BOARD_SIZE);
  if (ranked.length === 0) {
    const empty =
      kind === 'points'
        ? 'No points yet. Points come from raid claims that pass validation.'
        : 'No messages counted yet.';
    return `${header}\n\n${empty}`;
  }
  const lines = ranked.map((r) => {
    const place = r.rank <= MEDALS.length ? MEDALS[r.rank - 1]! : `${r.rank}.`;
    return `${place} ${displayName(r.telegramUserId, input.profiles.get(r.telegramUserId))} — <b>${r.score}</b> ${unit(kind, r.score)}`;
  });
  const other = kind === 'points' ? '/leaderboard messages for activity' : '/leaderboard for raid points';
  const more = period === 'week' ? 'all' : 'week';
  return `${header}\n\n${lines.join('\n')}\n\n<i>${kind === 'points' ? '/leaderboard' : '/leaderboard messages'} ${more} · ${other}</i>`;
}

export function exportCaption(groupTitle: string, period: Period, since: Date | undefined, rows: number, truncated: boolean): string {
  const scope = truncated ? `the top ${rows} members` : `${rows} ${rows === 1 ? 'member' : 'members'}`;
  return `Raid points leaderboard of <b>${escapeHtml(groupTitle)}</b>, ${periodLabel(period, since)}: ${scope}.`;
}

export function exportNote(botUsername: string): string {
  return (
    '📬 I sent you the leaderboard CSV in private. If it does not arrive, start me there first ' +
    `(<a href="https://t.me/${botUsername}?start=export">open the chat</a> and press Start), then send /export again.`
  );
}
