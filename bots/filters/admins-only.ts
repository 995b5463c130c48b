import type { MiddlewareFn } from 'grammy';
import type { Groups } from '../../services/groups/index.js';
import type { WarhornContext } from '../context.js';
import { ADMINS_ONLY } from '../texts.js';
import type { ChatId } from '../../services/platform/telegram-ids.js';
import { chatIdOf, userIdOf } from '../ids.js';

export type AdminCheck = Pick<Groups, 'isAdmin'>;

/** Lets an update through only from an admin of the group (Telegram's word, via groups.isAdmin); anyone
 * else is told so once, the same way everywhere: a command gets a reply, a button press an alert.
 * `chatOf` names the group when it is not the chat of the update (a review button is about its raid's
 * group); the default is the current chat. Used as `composer.command('x', adminsOnly(groups), handler)`,
 * or called with a handler as `next` when the group is known only inside one. */
export function adminsOnly(groups: AdminCheck, chatOf: (ctx: WarhornContext) => ChatId | undefined = (ctx) => ctx.chat && chatIdOf(ctx.chat)): MiddlewareFn<WarhornContext> {
  return async (ctx, next) => {
    const chatId = chatOf(ctx);
    const userId = ctx.from && userIdOf(ctx.from);
    if (chatId !== undefined && userId !== undefined && (await groups.isAdmin(chatId, userId))) return next();
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ADMINS_ONLY, show_alert: true });
      return;
    }
    await ctx.send({ text: ADMINS_ONLY, ...(ctx.msg ? { replyTo: ctx.msg.message_id } : {}) });
  };
}
