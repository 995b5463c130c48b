import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Feeds, Kols } from '../../../services/x-feeds/index.js';
import type { Wallet } from '../../../services/wallet/index.js';
import type { WarhornContext } from '../../context.js';
import { chatIdOf } from '../../ids.js';
import { chatId } from '../../../services/platform/telegram-ids.js';

export interface GroupMembershipFeatureDeps {
  groups: Pick<Groups, 'botMembershipChanged' | 'memberChanged' | 'migrate'>;
  /** Null without WALLET_XPUB. The group's deposit address follows an upgrade too. */
  wallet: Pick<Wallet, 'follow'> | null;
  /** Null without X. The group's X follows follow an upgrade too. */
  feeds?: Pick<Feeds, 'migrate'> | null;
  /** Null without X. The group's KOLs and their recorded posts follow an upgrade too. */
  kols?: Pick<Kols, 'migrate'> | null;
}

/** Keeps groups and their admin lists in step with Telegram. */
export function groupMembershipFeature({ groups, wallet, feeds, kols }: GroupMembershipFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.on('my_chat_member', async (ctx) => {
    await groups.botMembershipChanged(ctx.me.id, ctx.myChatMember);
  });
  feature.on('chat_member', async (ctx) => {
    await groups.memberChanged(ctx.me.id, ctx.chatMember);
  });
  // A group upgraded to a supergroup: Telegram says so in both chats; either message moves the group, and its
  // deposit address with it. Each move is idempotent and made whatever the other answered, so a crash between
  // them is mended by Telegram's second message.
  feature.on('message:migrate_to_chat_id', async (ctx) => {
    await groups.migrate(chatIdOf(ctx.chat), chatId(ctx.msg.migrate_to_chat_id));
    await wallet?.follow(chatIdOf(ctx.chat), chatId(ctx.msg.migrate_to_chat_id));
    await feeds?.migrate(chatIdOf(ctx.chat), chatId(ctx.msg.migrate_to_chat_id));
    await kols?.migrate(chatIdOf(ctx.chat), chatId(ctx.msg.migrate_to_chat_id));
  });
  feature.on('message:migrate_from_chat_id', async (ctx) => {
    await groups.migrate(chatId(ctx.msg.migrate_from_chat_id), chatIdOf(ctx.chat), ctx.chat.title);
    await wallet?.follow(chatId(ctx.msg.migrate_from_chat_id), chatIdOf(ctx.chat));
    await feeds?.migrate(chatId(ctx.msg.migrate_from_chat_id), chatIdOf(ctx.chat));
    await kols?.migrate(chatId(ctx.msg.migrate_from_chat_id), chatIdOf(ctx.chat));
  });
  return feature;
}
