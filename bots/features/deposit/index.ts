import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Wallet } from '../../../services/wallet/index.js';
import type { ChainConfig } from '../../../services/platform/chains.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf } from '../../ids.js';
import { DEPOSITS_OFF, USE_IN_GROUP, depositCard } from './texts.js';

export interface DepositFeatureDeps {
  /** Null without WALLET_XPUB: money is off. */
  wallet: Pick<Wallet, 'addressOf'> | null;
  groups: Pick<Groups, 'isAdmin'>;
  /** The configured chains (CHAINS / CHAINS_FILE); none: nothing would be credited, so no address is shown. */
  chains: readonly ChainConfig[];
}

/** /deposit shows a group's admins the group's deposit address and the chains and tokens it takes. */
export function depositFeature({ wallet, groups, chains }: DepositFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType(['group', 'supergroup']).command('deposit', adminsOnly(groups), async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!wallet || chains.length === 0) return ctx.send({ text: DEPOSITS_OFF, replyTo });
    const { address } = await wallet.addressOf(chatIdOf(ctx.chat));
    await ctx.send({ text: depositCard(address, chains), replyTo });
  });
  feature.chatType('private').command('deposit', (ctx) => ctx.send({ text: USE_IN_GROUP }));
  return feature;
}
