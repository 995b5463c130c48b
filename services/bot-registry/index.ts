import { randomBytes } from 'node:crypto';
import type { Api } from 'grammy';
import type { ServiceSchema } from '../platform/database.js';
import { botIdOf } from '../platform/config.js';
import { BoundedCache } from './bounded-cache.js';
import { listenForAnnouncements, type Announcements } from './announcements.js';
import { probeClient, readClient, sendClient } from './api-clients.js';
import { listBotIds, loadBot, retireFormerMainBots, saveBot, type MainCredentials } from './bot-store.js';
import type { BotRegistryDeps } from './deps.js';
import { CreateBotRegistry1764000009000 } from './migrations/create-bot-registry-1764000009000.js';
import { BotIdentityMismatchError, UnknownBotError, type BotCredentials, type NewBot, type ResolvedBot } from './types.js';

export type { BotCredentials, NewBot, ResolvedBot } from './types.js';
export { BotIdentityMismatchError, UnknownBotError } from './types.js';
export type { BotRegistryDeps } from './deps.js';

export const botRegistrySchema: ServiceSchema = { migrations: [CreateBotRegistry1764000009000] };

export const DEFAULT_BOT_CACHE_SIZE = 1000;

/** Objects made per bot from its resolved entry (grammY `Bot`s with the middleware), kept with the same bound
 * and forgotten with the entry. The registry cannot make them itself: bots/ sits above the services. */
export interface PerBot<B> {
  get(botId: number): Promise<B>;
}

/** Which bots this deployment is, by id. One per process; every process sees the others' changes. */
export interface BotRegistry {
  /** The bot, from this process's cache or its row; undefined for an id the deployment does not serve. */
  resolve(botId: number): Promise<ResolvedBot | undefined>;
  /** The same, throwing UnknownBotError. (The Mini App's initData check takes the token from here.) */
  resolveKnown(botId: number): Promise<ResolvedBot>;
  /** Bot API client for reads and direct state changes (auto-retry on 429 and short outages). */
  api(botId: number): Promise<Api>;
  /** Bot API client for the outbox (bounded timeout, no retry of its own). */
  sendApi(botId: number): Promise<Api>;
  /** Ids of every bot served, the main one included. */
  list(): Promise<number[]>;
  /** The main bot from configuration: asks getMe, writes its row, announces. Called once at start. A main
   * bot of an earlier BOT_TOKEN stops being served (added bots stay). */
  registerMain(credentials: BotCredentials): Promise<ResolvedBot>;
  /** A bot added after start (white-label): asks getMe, checks the id, stores, announces. Adding an id
   * again replaces its token (a rotation) and keeps its secret unless a new one is given. */
  add(bot: NewBot): Promise<ResolvedBot>;
  /** Calls `listener` with the id of every bot added or changed anywhere in the deployment (this process
   * included), and with `undefined` after announcements may have been missed (a reconnect). */
  onChange(listener: (botId: number | undefined) => void): () => void;
  /** A cache of objects made per bot, with this registry's bound and invalidation. */
  perBot<B>(make: (bot: ResolvedBot) => B): PerBot<B>;
  /** Stops listening for announcements (the connections are the caller's). */
  close(): Promise<void>;
}

interface Entry {
  bot: ResolvedBot;
  read?: Api;
  send?: Api;
}

export async function createBotRegistry(deps: BotRegistryDeps): Promise<BotRegistry> {
  const limit = deps.cacheSize ?? DEFAULT_BOT_CACHE_SIZE;
  // null: known not to exist (a probe of /tg/<id> costs one read per id, not one per request).
  const entries = new BoundedCache<number, Entry | null>(limit);
  const caches: Array<BoundedCache<number, unknown>> = [];
  const listeners = new Set<(botId: number | undefined) => void>();
  // Bumped on every invalidation: a read that began before one does not put what it read in the cache.
  let generation = 0;
  // The main bot's token and secret, from this process's configuration (registerMain): never stored.
  let main: MainCredentials | undefined;

  const inFlight = new Map<number, Promise<Entry | null>>();
  const forget = (botId: number | undefined) => {
    generation++;
    // A read that began before the change must not answer the callers who come after it either.
    if (botId === undefined) inFlight.clear();
    else inFlight.delete(botId);
    for (const cache of [entries, ...caches]) {
      if (botId === undefined) cache.clear();
      else cache.delete(botId);
    }
    for (const listener of listeners) {
      try {
        listener(botId);
      } catch (error) {
        deps.log.error({ err: error, botId }, 'bot registry listener failed');
      }
    }
  };

  const announcements: Announcements = await listenForAnnouncements({
    publisher: deps.redis,
    subscriber: deps.subscriber,
    channel: `${deps.prefix}:bot-registry:changed`,
    log: deps.log,
    onChanged: (botId) => forget(botId),
    onMissed: () => forget(undefined),
  });

  async function entry(botId: number): Promise<Entry | null> {
    const hit = entries.get(botId);
    if (hit !== undefined) return hit;
    const pending = inFlight.get(botId);
    if (pending) return pending;
    const startedAt = generation;
    const read = loadBot(deps.db, botId, main).then((bot) => {
      const found = bot ? { bot } : null;
      if (generation === startedAt) entries.set(botId, found);
      return found;
    });
    inFlight.set(botId, read);
    try {
      return await read;
    } finally {
      if (inFlight.get(botId) === read) inFlight.delete(botId);
    }
  }

  async function required(botId: number): Promise<Entry> {
    const found = await entry(botId);
    if (!found) throw new UnknownBotError(botId);
    return found;
  }

  async function identify(token: string, apiRoot: string) {
    const id = botIdOf(token);
    const me = await probeClient(token, apiRoot).getMe();
    if (me.id !== id) throw new BotIdentityMismatchError(id, me.id);
    return { id, me };
  }

  async function announce(bot: ResolvedBot): Promise<ResolvedBot> {
    forget(bot.id);
    await announcements.publish(bot.id);
    return bot;
  }

  return {
    resolve: async (botId) => (await entry(botId))?.bot,
    resolveKnown: async (botId) => (await required(botId)).bot,
    async api(botId) {
      const found = await required(botId);
      return (found.read ??= readClient(found.bot));
    },
    async sendApi(botId) {
      const found = await required(botId);
      return (found.send ??= sendClient(found.bot));
    },
    list: () => listBotIds(deps.db),
    async registerMain(credentials) {
      const { id, me } = await identify(credentials.token, credentials.apiRoot);
      main = { id, token: credentials.token, ...(credentials.webhookSecret !== undefined ? { webhookSecret: credentials.webhookSecret } : {}), ...(credentials.updateEpoch !== undefined ? { updateEpoch: credentials.updateEpoch } : {}) };
      const bot = await saveBot(deps.db, { id, me, ...credentials }, 'config');
      for (const former of await retireFormerMainBots(deps.db, id)) {
        deps.log.warn({ botId: former }, 'the main bot of an earlier BOT_TOKEN is no longer served');
        forget(former);
        await announcements.publish(former);
      }
      deps.log.info({ botId: id, bot: me.username }, 'main bot registered');
      return announce(bot);
    },
    async add(input) {
      const apiRoot = input.apiRoot ?? deps.defaultApiRoot;
      const { id, me } = await identify(input.token, apiRoot);
      // The main bot is configured (BOT_TOKEN), not added: adding it would store the token it keeps out of the database.
      if (id === main?.id) throw new Error(`bot ${id} is this deployment's main bot: it is configured by BOT_TOKEN, not added`);
      const bot = await saveBot(
        deps.db,
        {
          id,
          me,
          token: input.token,
          apiRoot,
          webhookSecret: input.webhookSecret ?? randomBytes(24).toString('base64url'),
          secretGiven: input.webhookSecret !== undefined,
          ...(input.updateEpoch !== undefined ? { updateEpoch: input.updateEpoch } : {}),
        },
        'added',
      );
      deps.log.info({ botId: id, bot: me.username }, 'bot added');
      return announce(bot);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    perBot<B>(make: (bot: ResolvedBot) => B): PerBot<B> {
      const made = new BoundedCache<number, B>(limit);
      caches.push(made as BoundedCache<number, unknown>);
      return {
        async get(botId) {
          const startedAt = generation;
          const hit = made.get(botId);
          if (hit !== undefined) return hit;
          const value = make((await required(botId)).bot);
          if (generation === startedAt) made.set(botId, value);
          return value;
        },
      };
    },
    close: () => announcements.close(),
  };

}
