import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Feeds } from '../../../services/x-feeds/index.js';
import { XRateLimitedError, XUnavailableError } from '../../../services/x/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf, userIdOf } from '../../ids.js';
import { FEEDS_OFF, FOLLOW_USAGE, UNFOLLOW_USAGE, USE_IN_GROUP, X_UNAVAILABLE, followAnswer, followsList, unfollowAnswer } from './texts.js';

export interface FeedsFeatureDeps {
  /** Null without X: nothing to follow. */
  feeds: Pick<Feeds, 'follow' | 'unfollow' | 'follows'> | null;
  groups: Pick<Groups, 'isAdmin'>;
}

/** `/follow @account [replies] [reposts]`, `/unfollow @account`, `/follows`: a group's X feeds (admins). */
export function feedsFeature({ feeds, groups }: FeedsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const inGroups = feature.chatType(['group', 'supergroup']);
  const admins = adminsOnly(groups);

  inGroups.command('follow', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!feeds) return ctx.send({ text: FEEDS_OFF, replyTo });
    const [handle, ...words] = ctx.match.trim().split(/\s+/).filter(Boolean);
    const options = words.map((w) => w.toLowerCase());
    if (!handle || options.some((w) => w !== 'replies' && w !== 'reposts')) return ctx.send({ text: FOLLOW_USAGE, replyTo });
    try {
      const r = await feeds.follow({ botId: ctx.me.id, chatId: chatIdOf(ctx.chat), actorId: userIdOf(ctx.from) }, handle, { replies: options.includes('replies'), reposts: options.includes('reposts') });
      await ctx.send({ text: followAnswer(r, handle), replyTo });
    } catch (error) {
      if (error instanceof XUnavailableError || error instanceof XRateLimitedError) return ctx.send({ text: X_UNAVAILABLE, replyTo });
      throw error;
    }
  });

  inGroups.command('unfollow', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!feeds) return ctx.send({ text: FEEDS_OFF, replyTo });
    const handle = ctx.match.trim();
    if (!handle) return ctx.send({ text: UNFOLLOW_USAGE, replyTo });
    await ctx.send({ text: unfollowAnswer(await feeds.unfollow({ chatId: chatIdOf(ctx.chat), actorId: userIdOf(ctx.from) }, handle), handle), replyTo });
  });

  inGroups.command('follows', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!feeds) return ctx.send({ text: FEEDS_OFF, replyTo });
    await ctx.send({ text: followsList(await feeds.follows(chatIdOf(ctx.chat))), replyTo });
  });

  feature.chatType('private').command(['follow', 'unfollow', 'follows'], (ctx) => ctx.send({ text: USE_IN_GROUP }));
  return feature;
}
