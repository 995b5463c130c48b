import { Composer } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { privateDashboardButton, type MiniAppEntry } from '../../mini-app.js';
import { HELP, OPEN_DASHBOARD, privateWelcome } from './texts.js';

export interface StartFeatureDeps {
  /** Null when the platform has no public URL: there is no Mini App to open then. */
  miniApp: MiniAppEntry | null;
}

/** /start and /help in a private chat; /start offers the Mini App when there is one. */
export function startFeature({ miniApp }: StartFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  dm.command('start', async (ctx) => {
    const buttons = miniApp ? privateDashboardButton(miniApp, ctx.me.id, OPEN_DASHBOARD) : undefined;
    await ctx.send({ text: privateWelcome(ctx.me.first_name, ctx.from.first_name), ...(buttons ? { buttons } : {}) });
  });
  feature.command('help', async (ctx) => {
    await ctx.send({ text: HELP, replyTo: ctx.chat.type === 'private' ? undefined : ctx.msg.message_id });
  });
  return feature;
}
