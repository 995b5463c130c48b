import { Api } from 'grammy';
import { autoRetry } from '@grammyjs/auto-retry';

/** A bot identity the platform serves: the main bot now, white-label bots later. The token is a secret:
 * it never goes to a log (see logger.ts redact) and never into a URL we expose. */
export interface BotIdentity {
  id: number;
  token: string;
  username: string;
  firstName: string;
  /** Bot API root this bot talks to (https://api.telegram.org, a local Bot API server, or the emulator). */
  apiRoot: string;
  /** Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token on webhook calls. */
  webhookSecret?: string;
  /** Names the run of the update source, where update ids can start over (an emulator restarted: the
   * sandbox). Part of the processed-update marks, so a new run's update 1 is not an old run's update 1.
   * Telegram's update ids never repeat for a bot within the marks' 24 h, so production leaves it unset. */
  updateEpoch?: string;
}

/** Finds a bot's credentials and a Bot API client by bot id, for code that is not inside an update. */
export interface BotDirectory {
  get(botId: number): BotIdentity | undefined;
  api(botId: number): Api;
  all(): BotIdentity[];
  add(identity: BotIdentity): void;
}

export function createBotDirectory(initial: BotIdentity[] = []): BotDirectory {
  const identities = new Map<number, BotIdentity>();
  const clients = new Map<number, Api>();
  const directory: BotDirectory = {
    get: (botId) => identities.get(botId),
    all: () => [...identities.values()],
    add(identity) {
      identities.set(identity.id, identity);
      clients.delete(identity.id);
    },
    api(botId) {
      const cached = clients.get(botId);
      if (cached) return cached;
      const identity = identities.get(botId);
      if (!identity) throw new Error(`unknown bot ${botId}`);
      const api = new Api(identity.token, { apiRoot: identity.apiRoot });
      // Reads (getChatAdministrators, getChatMember...) wait out a 429 or a short outage instead of failing.
      api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
      clients.set(botId, api);
      return api;
    },
  };
  for (const identity of initial) directory.add(identity);
  return directory;
}
