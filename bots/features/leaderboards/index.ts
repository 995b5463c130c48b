import { Composer } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { POINTS_FILE_MAX_ROWS, type Leaderboards } from '../../../services/leaderboards/index.js';
import type { Groups } from '../../../services/groups/index.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { GROUP_ONLY } from '../../texts.js';
import {
  BOARD_SIZE,
  EXPORT_ANONYMOUS,
  EXPORT_USAGE,
  LEADERBOARD_USAGE,
  exportCaption,
  exportFilename,
  exportNote,
  parseExportArgs,
  parseLeaderboardArgs,
  renderLeaderboard,
  type Period,
} from './texts.js';
import { chatIdOf, privateChatWith } from '../../ids.js';

/** /leaderboard in groups for everyone (raid points or messages, this week or all time); /export sends an
 * admin the points leaderboard as a CSV in private. The boards are the leaderboards service's; this feature
 * parses the command, words the answer and sends it. */
export interface LeaderboardsFeatureDeps {
  leaderboards: Pick<Leaderboards, 'board' | 'pointsCsv'>;
  groups: Pick<Groups, 'isAdmin'>;
}

export function leaderboardsFeature({ leaderboards, groups }: LeaderboardsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const inGroups = feature.chatType(['group', 'supergroup']);

  inGroups.command('leaderboard', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const args = parseLeaderboardArgs(ctx.match);
    if (!args) return ctx.send({ text: LEADERBOARD_USAGE, replyTo });
    // The week of the message, not of whenever the update is handled (a redelivery keeps its answer).
    const board = await leaderboards.board(chatIdOf(ctx.chat), args.kind, { period: args.period, at: new Date(ctx.msg.date * 1000), limit: BOARD_SIZE });
    await ctx.send({ text: renderLeaderboard(board), replyTo });
  });

  // An anonymous admin (the group speaking) cannot be sent a file in private: said before the admin check,
  // which could only refuse them.
  const notAnonymous = (ctx: WarhornContext, next: () => Promise<void>) =>
    ctx.msg?.sender_chat !== undefined && ctx.msg.sender_chat.id === ctx.chat?.id ? ctx.send({ text: EXPORT_ANONYMOUS, replyTo: ctx.msg!.message_id }).then(() => undefined) : next();

  inGroups.command('export', notAnonymous, adminsOnly(groups), async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const period: Period | null = parseExportArgs(ctx.match);
    if (!period) return ctx.send({ text: EXPORT_USAGE, replyTo });
    const at = new Date(ctx.msg.date * 1000);
    const file = await leaderboards.pointsCsv(chatIdOf(ctx.chat), { period, at, limit: POINTS_FILE_MAX_ROWS });
    const title = ctx.chat.title;
    // The file and the note are queued together: the note never promises a file that was not queued.
    await ctx.send([
      {
        document: { filename: exportFilename(title, period, at), text: file.csv },
        caption: exportCaption(title, period, file.since, file.rows, file.truncated),
        chatId: privateChatWith(ctx.from),
      },
      { text: exportNote(ctx.me.username), replyTo },
    ]);
  });

  feature.chatType('private').command(['leaderboard', 'export'], (ctx) => ctx.send({ text: GROUP_ONLY }));
  return feature;
}
