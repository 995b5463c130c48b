import type { BotProfile, BrandText } from '../services/bot-registry/index.js';

/** The bot's name as its owner branded it, else Telegram's first name. */
export const brandName = (bot: Pick<BotProfile, 'branding' | 'me'>): string => bot.branding.displayName ?? bot.me.first_name;

/** One of the bot's branded texts (plain text: escape it where it goes into HTML), else undefined. */
export const brandText = (bot: Pick<BotProfile, 'branding'>, key: BrandText): string | undefined => bot.branding.texts?.[key];
