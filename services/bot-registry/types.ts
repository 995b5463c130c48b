import type { UserFromGetMe } from 'grammy/types';

/** Everything the platform needs to act as one bot. The token is a secret: it never goes to a log (see
 * platform/logger.ts redact) nor into a URL we expose. Branding (names, texts, colours) joins it with the
 * white-label issue. */
export interface ResolvedBot {
  id: number;
  token: string;
  /** Telegram's getMe answer, asked once when the bot was registered (or the main bot started) and kept. */
  me: UserFromGetMe;
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
