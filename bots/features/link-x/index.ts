import { Composer, InlineKeyboard } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { parseXHandle, type Users } from '../../../services/users/index.js';
import { checkBioButton } from './callback-data.js';
import {
  bioCodeInstructions,
  CHECK,
  deepLink,
  LINK_WITH_X,
  linkInPrivate,
  linkResultText,
  linkResultToast,
  LINKX_USAGE,
  offerBioCode,
  offerOAuth,
  OPEN_PRIVATE_CHAT,
  worthCheckingAgain,
} from './texts.js';
import { privateChatWith, userIdOf } from '../../ids.js';

export type LinkXUsers = Pick<Users, 'xAccountOf' | 'startOAuthLink' | 'startBioLink' | 'checkBioLink'>;

export interface LinkXFeatureDeps {
  users: LinkXUsers;
}

const checkButton = () => new InlineKeyboard().text(CHECK, checkBioButton.build());

/** /linkx in a private chat: link the member's X account with OAuth when this deployment has an X client,
 * or with a one-time code in their X bio. In a group it points to the private chat, since the link button
 * and the code are the member's own. */
export function linkXFeature({ users }: LinkXFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');

  const offer = async (ctx: WarhornContext & { from: { id: number } }) => {
    const current = await users.xAccountOf(userIdOf(ctx.from));
    const oauth = await users.startOAuthLink(userIdOf(ctx.from), { botId: ctx.me.id });
    if (!oauth) return ctx.send({ text: offerBioCode(current) });
    return ctx.send({ text: offerOAuth(current), buttons: new InlineKeyboard().url(LINK_WITH_X, oauth.url) });
  };

  // The deep link from a group (`t.me/<bot>?start=linkx`) lands here; any other /start goes on to the welcome.
  dm.command('start', async (ctx, next) => {
    if (ctx.match.trim() !== 'linkx') return next();
    await offer(ctx);
  });

  dm.command('linkx', async (ctx) => {
    const arg = ctx.match.trim();
    if (!arg) return offer(ctx);
    const handle = parseXHandle(arg);
    if (!handle) return ctx.send({ text: LINKX_USAGE });
    const { code } = await users.startBioLink(userIdOf(ctx.from), handle);
    await ctx.send({ text: bioCodeInstructions(code, handle), buttons: checkButton() });
  });

  feature.chatType(['group', 'supergroup']).command('linkx', async (ctx) => {
    const buttons = new InlineKeyboard().url(OPEN_PRIVATE_CHAT, deepLink(ctx.me.username));
    await ctx.send({ text: linkInPrivate(ctx.me.username), buttons, replyTo: ctx.msg.message_id });
  });

  feature.callbackQuery(checkBioButton.pattern, async (ctx) => {
    const result = await users.checkBioLink(userIdOf(ctx.from));
    // The verdict goes to the member's private chat even if the button was pressed on an old message.
    const chatId = privateChatWith(ctx.from);
    await ctx.send({ text: linkResultText(result), chatId, ...(worthCheckingAgain(result) ? { buttons: checkButton() } : {}) });
    // Telegram may already consider the press stale (X was slow); the message above says it all anyway.
    await ctx.answerCallbackQuery({ text: linkResultToast(result) }).catch((error: unknown) => ctx.log.warn({ err: error }, 'linkx: callback answer failed'));
  });

  return feature;
}
