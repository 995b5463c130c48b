import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { FeedMessages, Kols } from '../../../services/x-feeds/index.js';
import { XRateLimitedError, XUnavailableError } from '../../../services/x/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf, userIdOf } from '../../ids.js';
import { feedMessages } from '../feed-posts/texts.js';
import { KOLS_IN_GROUP, KOLS_OFF, KOLS_USAGE, X_UNAVAILABLE, addAnswer, kolsList, parseKolsArgs, removeAnswer } from './texts.js';

export interface KolsFeatureDeps {
  /** Null without X: nothing to track. */
  kols: Pick<Kols, 'add' | 'remove' | 'list' | 'ranking'> | null;
  groups: Pick<Groups, 'isAdmin'>;
  /** The bot's words for the ranking (the digest's too); the feed texts by default. */
  messages?: (botId: number) => FeedMessages;
}

const WEEK_MS = 7 * 86_400_000;

/** `/kols`: the group's KOL ranking of the last 7 days, for anyone in the group (it is the group's own
 * scoreboard, as /leaderboard is). `/kols add|remove @account` and `/kols list` change or show the list: admins. */
export function kolsFeature({ kols, groups, messages = () => feedMessages }: KolsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const admins = adminsOnly(groups);

  feature.chatType(['group', 'supergroup']).command('kols', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const args = parseKolsArgs(ctx.match);
    if (!args) return ctx.send({ text: KOLS_USAGE, replyTo });
    if (!kols) return ctx.send({ text: KOLS_OFF, replyTo });
    const chatId = chatIdOf(ctx.chat);
    if (args.kind === 'ranking') {
      // The period ends with the message's second (Telegram dates are whole seconds), not whenever the update
      // is handled: a redelivery keeps its answer.
      const until = new Date((ctx.msg.date + 1) * 1000);
      const since = new Date(until.getTime() - WEEK_MS);
      const content = messages(ctx.me.id).kolRanking({ kind: 'now', since, until, rows: await kols.ranking(chatId, since, until) });
      return ctx.send({ text: content.text, replyTo });
    }
    return admins(ctx, async () => {
      if (args.kind === 'list') return void (await ctx.send({ text: kolsList(await kols.list(chatId)), replyTo }));
      const g = { chatId, actorId: userIdOf(ctx.from) };
      if (args.kind === 'remove') return void (await ctx.send({ text: removeAnswer(await kols.remove(g, args.handle), args.handle), replyTo }));
      try {
        await ctx.send({ text: addAnswer(await kols.add(g, args.handle), args.handle), replyTo });
      } catch (error) {
        if (error instanceof XUnavailableError || error instanceof XRateLimitedError) return void (await ctx.send({ text: X_UNAVAILABLE, replyTo }));
        throw error;
      }
    });
  });

  feature.chatType('private').command('kols', (ctx) => ctx.send({ text: KOLS_IN_GROUP }));
  return feature;
}
