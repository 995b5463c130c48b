import { Api, GrammyError } from 'grammy';
import type { ResolvedBot } from '../bot-registry/index.js';

/** True when getMe, asked afresh with the bot's token, answers 401 as well. Any other answer (it works, or
 * Telegram cannot be reached) keeps the bot: a bot is disabled on Telegram's word only. */
export async function confirmRevoked(bot: ResolvedBot): Promise<boolean> {
  try {
    await new Api(bot.token, { apiRoot: bot.apiRoot, timeoutSeconds: 20 }).getMe();
    return false;
  } catch (error) {
    return error instanceof GrammyError && error.error_code === 401;
  }
}
