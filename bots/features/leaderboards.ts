import { Composer } from 'grammy';
import type { WarhornContext } from '../context.js';
import { leaderboardCsv } from '../../services/validation/index.js';
import { GROUP_ONLY } from './texts.js';
import {
  BOARD_SIZE,
  EXPORT_ADMINS_ONLY,
  EXPORT_ANONYMOUS,
  EXPORT_USAGE,
  LEADERBOARD_USAGE,
  exportCaption,
  exportFilename,
  exportNote,
  parseExportArgs,
  parseLeaderboardArgs,
  renderLeaderboard,
  weekStart,
  type Period,
  type Profile,
  type ScoreRow,
} from './leaderboard-text.js';

export interface LeaderboardSources {
  /** Accepted raid points per member of a group (the validation service). */
  pointsLeaderboard(chatId: number, opts: { since?: Date; limit: number }): Promise<Array<{ telegramUserId: number; points: number }>>;
  /** Names to show (the users service). */
  profiles(ids: number[]): Promise<Map<number, { username: string | null; firstName: string }>>;
}

/** Rows in one CSV: far above any real group's active members, low enough to keep the outbox row small. */
const EXPORT_LIMIT = 10_000;

/** /leaderboard in groups for everyone (raid points or messages, this week or all time); /export sends an
 * admin the points leaderboard as a CSV in private. */
export function leaderboardsFeature(deps: LeaderboardSources): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const groups = feature.chatType(['group', 'supergroup']);

  groups.command('leaderboard', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const args = parseLeaderboardArgs(ctx.match);
    if (!args) return ctx.send({ text: LEADERBOARD_USAGE, replyTo });
    // The week of the message, not of whenever the update is handled (a redelivery keeps its answer).
    const since = args.period === 'week' ? weekStart(new Date(ctx.msg.date * 1000)) : undefined;
    const range = { ...(since ? { since } : {}), limit: BOARD_SIZE };
    const rows: ScoreRow[] =
      args.kind === 'points'
        ? (await deps.pointsLeaderboard(ctx.chat.id, range)).map((r) => ({ telegramUserId: r.telegramUserId, score: r.points }))
        : (await ctx.deps.analytics.activityLeaderboard(ctx.chat.id, range)).map((r) => ({ telegramUserId: r.telegramUserId, score: r.messages }));
    const profiles: Map<number, Profile> = rows.length ? await deps.profiles(rows.map((r) => r.telegramUserId)) : new Map();
    await ctx.send({ text: renderLeaderboard({ kind: args.kind, period: args.period, ...(since ? { since } : {}), rows, profiles }), replyTo });
  });

  groups.command('export', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (ctx.msg.sender_chat?.id === ctx.chat.id) return ctx.send({ text: EXPORT_ANONYMOUS, replyTo });
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: EXPORT_ADMINS_ONLY, replyTo });
    const period: Period | null = parseExportArgs(ctx.match);
    if (!period) return ctx.send({ text: EXPORT_USAGE, replyTo });
    const at = new Date(ctx.msg.date * 1000);
    const since = period === 'week' ? weekStart(at) : undefined;
    // One more than the limit tells whether the file had to be cut.
    const found = await deps.pointsLeaderboard(ctx.chat.id, { ...(since ? { since } : {}), limit: EXPORT_LIMIT + 1 });
    const rows = found.slice(0, EXPORT_LIMIT);
    const profiles = rows.length ? await deps.profiles(rows.map((r) => r.telegramUserId)) : new Map<number, Profile>();
    const text = leaderboardCsv(
      rows.map((r) => ({ telegramUserId: String(r.telegramUserId), username: profiles.get(r.telegramUserId)?.username ?? null, points: r.points })),
    );
    const title = ctx.chat.title;
    // The file and the note commit together: the note never promises a file that was not queued.
    await ctx.deps.db.transaction(async (tx) => {
      await ctx.deps.notifications.enqueue(tx, {
        botId: ctx.me.id,
        chatId: ctx.from.id,
        method: 'sendDocument',
        payload: {
          document: { inline: { filename: exportFilename(title, period, at), text } },
          caption: exportCaption(title, period, since, rows.length, found.length > EXPORT_LIMIT),
          parse_mode: 'HTML',
        },
      });
      await ctx.send({ text: exportNote(ctx.me.username), replyTo }, tx);
    });
  });

  feature.chatType('private').command(['leaderboard', 'export'], (ctx) => ctx.send({ text: GROUP_ONLY }));
  return feature;
}
