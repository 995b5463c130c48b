import { Api } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';
import type { ResolvedBot } from './types.js';

/** For reads (getChatAdministrators, getChatMember, getChat...) and direct state changes: a 429 or a short
 * outage is waited out instead of failing the caller. */
export function readClient(bot: ResolvedBot): Api {
  const api = new Api(bot.token, { apiRoot: bot.apiRoot });
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  return api;
}

/** For the outbox: no retry of its own (the outbox retries with its pacing and budget) and a bounded timeout,
 * since grammY's default (500 s) would hold the row's send lock far too long. */
export function sendClient(bot: ResolvedBot, timeoutSeconds = 20): Api {
  return new Api(bot.token, { apiRoot: bot.apiRoot, timeoutSeconds });
}

/** A one-off client that asks getMe: registration, never cached. */
export function probeClient(token: string, apiRoot: string, timeoutSeconds = 20): Api {
  return new Api(token, { apiRoot, timeoutSeconds });
}
