// What the white-label service says to owners, as a port: the service decides when, the bot side the words.
import type { BotProfile } from '../bot-registry/index.js';

export type MessageContent = { text: string } & Record<string, unknown>;

export interface WhitelabelMessages {
  /** To the owner, from the main bot: Telegram refused the bot's token (revoked in BotFather). */
  revoked(bot: BotProfile): MessageContent;
}
