import { Composer } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { HELP, privateWelcome } from './texts.js';

/** /start and /help in a private chat. */
export function startFeature(): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  dm.command('start', async (ctx) => {
    await ctx.send({ text: privateWelcome(ctx.me.first_name, ctx.from.first_name) });
  });
  feature.command('help', async (ctx) => {
    await ctx.send({ text: HELP, replyTo: ctx.chat.type === 'private' ? undefined : ctx.msg.message_id });
  });
  return feature;
}
