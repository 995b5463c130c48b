import { Composer, InlineKeyboard } from 'grammy';
import type { Whitelabel } from '../../../services/whitelabel/index.js';
import { findBotToken } from '../../../services/whitelabel/index.js';
import type { WarhornContext } from '../../context.js';
import { userIdOf } from '../../ids.js';
import { miniAppUrl, type MiniAppEntry } from '../../mini-app.js';
import { botList, MANAGE_BOTS, NEWBOT_ASK, NEWBOT_ONLY_PRIVATE, NO_BOTS, refusedToken, registered, TOKEN_IN_GROUP } from './texts.js';

export interface WhitelabelFeatureDeps {
  whitelabel: Pick<Whitelabel, 'register' | 'bots'>;
  miniApp: MiniAppEntry | null;
}

/** /newbot and /mybots on the platform's own bot: owners register their bots by pasting the token in private.
 * A message with a token is deleted as soon as it is read, wherever it was posted (a token in a group is a
 * leak: the bot says so), and only a private one registers. White-label bots do not register bots. */
export function whitelabelFeature(deps: WhitelabelFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const main = feature.filter((ctx) => ctx.bot.source === 'config');
  const manage = (botId: number, route: { view: 'bots' } | { view: 'bot'; botId: string }) =>
    deps.miniApp ? { buttons: new InlineKeyboard().webApp(MANAGE_BOTS, miniAppUrl(deps.miniApp, botId, route)) } : {};

  async function registerFrom(ctx: WarhornContext, token: string): Promise<void> {
    // First of all: the token leaves the chat history.
    await ctx.deleteMessage().catch((error: unknown) => ctx.log.warn({ err: error }, 'could not delete the message with a bot token'));
    const r = await deps.whitelabel.register({ ownerId: userIdOf(ctx.from!), token });
    if (!r.ok) {
      await ctx.send({ text: refusedToken(r.message) });
      return;
    }
    await ctx.send({ text: registered(r.value), ...manage(ctx.me.id, { view: 'bot', botId: String(r.value.id) }) });
  }

  main.command('newbot', async (ctx) => {
    if (ctx.chat.type !== 'private') return ctx.send({ text: NEWBOT_ONLY_PRIVATE, replyTo: ctx.msg.message_id });
    const token = findBotToken(ctx.match);
    if (token) return registerFrom(ctx, token);
    // No state to keep: the next message with a token registers, whenever it comes.
    await ctx.send({ text: NEWBOT_ASK });
  });

  main.chatType('private').command('mybots', async (ctx) => {
    const bots = await deps.whitelabel.bots(userIdOf(ctx.from));
    await ctx.send({ text: bots.length ? botList(bots) : NO_BOTS, ...manage(ctx.me.id, { view: 'bots' }) });
  });

  // A token pasted after /newbot, or on its own: in private it registers the bot; in a group it is deleted
  // and the group warned (the owner must revoke it).
  main.on('message:text', async (ctx, next) => {
    const token = findBotToken(ctx.msg.text);
    if (!token) return next();
    if (ctx.chat.type === 'private') return registerFrom(ctx, token);
    await ctx.deleteMessage().catch((error: unknown) => ctx.log.warn({ err: error }, 'could not delete a bot token posted in a group'));
    await ctx.send({ text: TOKEN_IN_GROUP });
  });
  return feature;
}
