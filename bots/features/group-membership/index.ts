import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { WarhornContext } from '../../context.js';
import { chatIdOf } from '../../ids.js';
import { chatId } from '../../../services/platform/telegram-ids.js';

export interface GroupMembershipFeatureDeps {
  groups: Pick<Groups, 'botMembershipChanged' | 'memberChanged' | 'migrate'>;
}

/** Keeps groups and their admin lists in step with Telegram. */
export function groupMembershipFeature({ groups }: GroupMembershipFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.on('my_chat_member', async (ctx) => {
    await groups.botMembershipChanged(ctx.me.id, ctx.myChatMember);
  });
  feature.on('chat_member', async (ctx) => {
    await groups.memberChanged(ctx.me.id, ctx.chatMember);
  });
  // A group upgraded to a supergroup: Telegram says so in both chats; either message moves the group.
  feature.on('message:migrate_to_chat_id', async (ctx) => {
    await groups.migrate(chatIdOf(ctx.chat), chatId(ctx.msg.migrate_to_chat_id));
  });
  feature.on('message:migrate_from_chat_id', async (ctx) => {
    await groups.migrate(chatId(ctx.msg.migrate_from_chat_id), chatIdOf(ctx.chat), ctx.chat.title);
  });
  return feature;
}
