import { Composer, InlineKeyboard } from 'grammy';
import type { WarhornContext } from '../context.js';
import { parseXHandle, type Users } from '../../services/users/index.js';
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
} from './link-x-texts.js';

export type LinkXUsers = Pick<Users, 'xAccountOf' | 'startOAuthLink' | 'startBioLink' | 'checkBioLink'>;

export const CHECK_BIO_DATA = 'linkx:check';

/** Queues a message with inline buttons in the outbox. `ctx.send` carries text only; this is the same
 * outbox row with a `reply_markup` added. */
function sendWithButtons(ctx: WarhornContext, text: string, keyboard: InlineKeyboard, o: { replyTo?: number; chatId?: number } = {}): Promise<string> {
  const { replyTo } = o;
  const chatId = o.chatId ?? ctx.chat?.id;
  if (chatId === undefined) throw new Error('linkx: this update has no chat');
  return ctx.deps.notifications.enqueue(ctx.deps.db.manager, {
    botId: ctx.me.id,
    chatId,
    method: 'sendMessage',
    payload: {
      text,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      reply_markup: keyboard,
      ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    },
  });
}

const checkButton = () => new InlineKeyboard().text(CHECK, CHECK_BIO_DATA);

/** /linkx in a private chat: link the member's X account with OAuth when this deployment has an X client,
 * or with a one-time code in their X bio. In a group it points to the private chat, since the link button
 * and the code are the member's own. */
export function linkXFeature(deps: { users: LinkXUsers }): Composer<WarhornContext> {
  const { users } = deps;
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');

  const offer = async (ctx: WarhornContext & { from: { id: number } }) => {
    const current = await users.xAccountOf(ctx.from.id);
    const oauth = await users.startOAuthLink(ctx.from.id, { botId: ctx.me.id });
    if (!oauth) return ctx.send({ text: offerBioCode(current) });
    return sendWithButtons(ctx, offerOAuth(current), new InlineKeyboard().url(LINK_WITH_X, oauth.url));
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
    const { code } = await users.startBioLink(ctx.from.id, handle);
    await sendWithButtons(ctx, bioCodeInstructions(code, handle), checkButton());
  });

  feature.chatType(['group', 'supergroup']).command('linkx', async (ctx) => {
    const keyboard = new InlineKeyboard().url(OPEN_PRIVATE_CHAT, deepLink(ctx.me.username));
    await sendWithButtons(ctx, linkInPrivate(ctx.me.username), keyboard, { replyTo: ctx.msg.message_id });
  });

  feature.callbackQuery(CHECK_BIO_DATA, async (ctx) => {
    const result = await users.checkBioLink(ctx.from.id);
    // The verdict goes to the member's private chat even if the button was pressed on an old message.
    const chatId = ctx.from.id;
    if (worthCheckingAgain(result)) {
      await sendWithButtons(ctx, linkResultText(result), checkButton(), { chatId });
    } else {
      await ctx.send({ text: linkResultText(result), chatId });
    }
    // Telegram may already consider the press stale (X was slow); the message above says it all anyway.
    await ctx.answerCallbackQuery({ text: linkResultToast(result) }).catch((error: unknown) => ctx.log.warn({ err: error }, 'linkx: callback answer failed'));
  });

  return feature;
}
