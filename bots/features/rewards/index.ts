import { Composer, InlineKeyboard } from 'grammy';
import type { MoneyViews } from '../../../services/money-views/index.js';
import type { WarhornContext } from '../../context.js';
import { userIdOf } from '../../ids.js';
import { OPEN_MY_REWARDS, REWARDS_IN_PRIVATE, REWARDS_OFF, rewardsCard } from './texts.js';

export interface RewardsFeatureDeps {
  /** Null when money is off (no WALLET_XPUB or no chains). */
  money: Pick<MoneyViews, 'memberRewards'> | null;
}

/** /rewards in a private chat: the member's rewards per asset, with how to link a wallet and withdraw. In a
 * group it points to the private chat, since what a member holds is theirs alone. */
export function rewardsFeature({ money }: RewardsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType('private').command('rewards', async (ctx) => {
    if (!money) return ctx.send({ text: REWARDS_OFF });
    await ctx.send({ text: rewardsCard(await money.memberRewards(userIdOf(ctx.from))) });
  });
  feature.chatType(['group', 'supergroup']).command('rewards', async (ctx) => {
    const buttons = new InlineKeyboard().url(OPEN_MY_REWARDS, `https://t.me/${encodeURIComponent(ctx.me.username)}`);
    await ctx.send({ text: REWARDS_IN_PRIVATE, buttons, replyTo: ctx.msg.message_id });
  });
  return feature;
}
