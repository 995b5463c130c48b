import { Composer } from 'grammy';
import type { WarhornContext } from '../../context.js';
import { privateDashboardButton, type MiniAppEntry } from '../../mini-app.js';
import { brandName, brandText } from '../../branding.js';
import { helpText, OPEN_DASHBOARD, privateWelcome } from './texts.js';

export interface StartFeatureDeps {
  /** Null when the platform has no public URL: there is no Mini App to open then. */
  miniApp: MiniAppEntry | null;
}

/** /start and /help in a private chat; /start offers the Mini App when there is one. A white-label bot says
 * them in its own name and words (its branding), and /help lists the commands of its modules. */
export function startFeature({ miniApp }: StartFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  dm.command('start', async (ctx) => {
    const buttons = miniApp ? privateDashboardButton(miniApp, ctx.me.id, brandText(ctx.bot, 'dashboardButton') ?? OPEN_DASHBOARD) : undefined;
    await ctx.send({ text: privateWelcome(brandName(ctx.bot), ctx.from.first_name, brandText(ctx.bot, 'welcome')), ...(buttons ? { buttons } : {}) });
  });
  feature.command('help', async (ctx) => {
    await ctx.send({ text: helpText(ctx.bot.modules, brandText(ctx.bot, 'help'), ctx.bot.source === 'config'), replyTo: ctx.chat.type === 'private' ? undefined : ctx.msg.message_id });
  });
  return feature;
}
