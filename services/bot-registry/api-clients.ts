import { Api, type Transformer } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import type { ResolvedBot } from './types.js';

/** Called when Telegram answers 401 for a bot's token: revoked in BotFather (or the bot deleted). */
export type UnauthorizedListener = (botId: number) => void;

/** Tells the registry of a 401, whoever made the call (a handler, the outbox, a raid tick, a connect). */
function watchUnauthorized(botId: number, listener: UnauthorizedListener | undefined): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    if (!result.ok && result.error_code === 401 && listener) listener(botId);
    return result;
  };
}

/** For reads (getChatAdministrators, getChatMember, getChat...) and direct state changes: a 429 or a short
 * outage is waited out instead of failing the caller. */
export function readClient(bot: ResolvedBot, onUnauthorized?: UnauthorizedListener): Api {
  const api = new Api(bot.token, { apiRoot: bot.apiRoot });
  api.config.use(watchUnauthorized(bot.id, onUnauthorized));
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  return api;
}

/** For the outbox: no retry of its own (the outbox retries with its pacing and budget) and a bounded timeout,
 * since grammY's default (500 s) would hold the row's send lock far too long. */
export function sendClient(bot: ResolvedBot, onUnauthorized?: UnauthorizedListener, timeoutSeconds = 20): Api {
  const api = new Api(bot.token, { apiRoot: bot.apiRoot, timeoutSeconds });
  api.config.use(watchUnauthorized(bot.id, onUnauthorized));
  return api;
}

/** A one-off client that asks getMe: registration, never cached. */
export function probeClient(token: string, apiRoot: string, timeoutSeconds = 20): Api {
  return new Api(token, { apiRoot, timeoutSeconds });
}
