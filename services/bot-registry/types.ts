import type { UserFromGetMe } from 'grammy/types';

/** What a bot is composed of (services/botgen): raids, moderation (anti-spam, link filter, captcha,
 * /warn /mute /ban), tasks (campaigns and airdrops). A module runs only for bots that have it. */
export const BOT_MODULES = ['raids', 'moderation', 'tasks'] as const;
export type BotModule = (typeof BOT_MODULES)[number];

/** The texts a client may word differently; each has a default (bots/branding.ts). */
export const BRAND_TEXTS = ['welcome', 'help', 'raidTitle', 'raidCall', 'claimButton', 'dashboardButton'] as const;
export type BrandText = (typeof BRAND_TEXTS)[number];

/** A white-label bot's look and words, as its owner set them; anything unset takes the default. Checked by
 * services/whitelabel before it is stored; stored as given. */
export interface BotBranding {
  /** Shown in the Mini App's header and the bot's texts instead of Telegram's first name. */
  displayName?: string;
  /** An https image URL shown in the Mini App. */
  logoUrl?: string;
  /** `#rrggbb` colours: the Mini App's buttons and links (accent), text on them (accentText), background. */
  colors?: { accent?: string; accentText?: string; background?: string };
  texts?: Partial<Record<BrandText, string>>;
}

/** `active`: served. `disabled`: kept but not served (Telegram refused its token: revoked in BotFather).
 * `removed`: its owner removed it, its token is wiped, its row stays for what the history names. */
export type BotStatus = 'active' | 'disabled' | 'removed';

/** A bot as anyone may see it: everything but its secrets (what bot handlers and the Mini App get). */
export interface BotProfile {
  id: number;
  /** Telegram's getMe answer, asked once when the bot was registered (or the main bot started) and kept. */
  me: UserFromGetMe;
  /** `config`: the main bot (BOT_TOKEN). `added`: a white-label bot. */
  source: 'config' | 'added';
  /** The Warhorn user (Telegram id) who registered it; none for the main bot. */
  ownerId?: number;
  status: BotStatus;
  statusReason?: string;
  modules: readonly BotModule[];
  branding: BotBranding;
}

/** Everything the platform needs to act as one bot. The token is a secret: it never goes to a log (see
 * platform/logger.ts redact) nor into a URL we expose. */
export interface ResolvedBot extends BotProfile {
  token: string;
  /** Bot API root this bot talks to (https://api.telegram.org, a local Bot API server, or the emulator). */
  apiRoot: string;
  /** Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token on webhook calls; none: no webhook. */
  webhookSecret?: string;
  /** Names the run of the update source, where update ids can start over (an emulator restarted: the
   * sandbox). Part of the processed-update marks, so a new run's update 1 is not an old run's update 1.
   * Telegram's update ids never repeat for a bot within the marks' 24 h, so production leaves it unset. */
  updateEpoch?: string;
}

/** The main bot, as configuration names it (BOT_TOKEN, TELEGRAM_API_ROOT, WEBHOOK_SECRET). */
export interface BotCredentials {
  token: string;
  apiRoot: string;
  webhookSecret?: string;
  updateEpoch?: string;
}

/** A bot to add after start: without a secret of its own it gets a random one. */
export interface NewBot {
  token: string;
  ownerId?: number;
  modules?: readonly BotModule[];
  branding?: BotBranding;
  /** Refuse (BotAlreadyRegisteredError) when the bot is already served; a removed bot may be registered again. */
  mustBeNew?: boolean;
  apiRoot?: string;
  webhookSecret?: string;
  updateEpoch?: string;
}

export class UnknownBotError extends Error {
  constructor(readonly botId: number) {
    super(`no bot ${botId} in this deployment`);
    this.name = 'UnknownBotError';
  }
}

/** getMe answered for another bot than the token's id names: a pasted token of someone else's proxy. */
export class BotIdentityMismatchError extends Error {
  constructor(readonly expected: number, readonly answered: number) {
    super(`getMe answered bot ${answered}, but the token names bot ${expected}`);
    this.name = 'BotIdentityMismatchError';
  }
}

/** The bot is already in the directory (registered by someone, or this owner, before). */
export class BotAlreadyRegisteredError extends Error {
  constructor(readonly botId: number) {
    super(`bot ${botId} is already registered`);
    this.name = 'BotAlreadyRegisteredError';
  }
}

/** Adding a bot needs TOKEN_ENCRYPTION_KEY: its token is never stored in clear. */
export class TokenEncryptionOffError extends Error {
  constructor() {
    super('TOKEN_ENCRYPTION_KEY is not set: bots cannot be added (their tokens are stored encrypted only)');
    this.name = 'TokenEncryptionOffError';
  }
}

/** The bot is in the directory but not served now (disabled, or removed). */
export class BotNotServedError extends Error {
  constructor(readonly botId: number, readonly status: BotStatus) {
    super(`bot ${botId} is ${status}`);
    this.name = 'BotNotServedError';
  }
}
