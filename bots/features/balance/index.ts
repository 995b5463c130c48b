import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { MoneyViews } from '../../../services/money-views/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf } from '../../ids.js';
import { BALANCE_IN_GROUP, BALANCE_OFF, balanceCard } from './texts.js';

export interface BalanceFeatureDeps {
  /** Null when money is off (no WALLET_XPUB or no chains). */
  money: Pick<MoneyViews, 'groupBalance'> | null;
  groups: Pick<Groups, 'isAdmin'>;
}

/** /balance shows a group's admins what the group holds per asset and what its raid pools hold. */
export function balanceFeature({ money, groups }: BalanceFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType(['group', 'supergroup']).command('balance', adminsOnly(groups), async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!money) return ctx.send({ text: BALANCE_OFF, replyTo });
    await ctx.send({ text: balanceCard(await money.groupBalance(chatIdOf(ctx.chat))), replyTo });
  });
  feature.chatType('private').command('balance', (ctx) => ctx.send({ text: BALANCE_IN_GROUP }));
  return feature;
}
