// The white-label routes' shapes (miniapp/api/v1/routes/me-bots.ts).

export const BOT_MODULES = ['raids', 'moderation', 'tasks'] as const;
export type BotModule = (typeof BOT_MODULES)[number];

export const BRAND_TEXTS = ['welcome', 'help', 'raidTitle', 'raidCall', 'claimButton', 'dashboardButton'] as const;
export type BrandText = (typeof BRAND_TEXTS)[number];

export interface BrandColors {
  accent?: string;
  accentText?: string;
  background?: string;
}

export interface Branding {
  displayName?: string;
  logoUrl?: string;
  colors?: BrandColors;
  texts?: Partial<Record<BrandText, string>>;
}

/** One of my bots. */
export interface MyBot {
  id: string;
  username: string;
  name: string;
  status: 'active' | 'disabled' | 'removed';
  statusReason: string | null;
  modules: BotModule[];
  branding: Branding;
  link: string;
}

/** The bot that opened the app (GET /bot): the app takes its look from it. */
export interface ServingBot {
  id: string;
  username: string;
  name: string;
  logoUrl: string | null;
  colors: BrandColors;
  modules: BotModule[];
  /** The platform's own bot: Telegram's theme as it is. */
  main: boolean;
}

/** The raid card as the bot would post it: Telegram HTML and its buttons. */
export interface CardPreview {
  text: string;
  buttons: Array<Array<{ text: string; url?: string }>>;
}
