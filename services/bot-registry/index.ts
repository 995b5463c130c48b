import { randomBytes } from 'node:crypto';
import type { Api } from 'grammy';
import type { Tx } from '../platform/database.js';
import type { ServiceSchema } from '../platform/database.js';
import { botIdOf } from '../platform/config.js';
import { BoundedCache } from './bounded-cache.js';
import { listenForAnnouncements, type Announcements } from './announcements.js';
import { probeClient, readClient, sendClient } from './api-clients.js';
import {
  listBotIds, loadBot, loadConnections, saveConnection, loadProfile, profilesOwnedBy, resealTokens, retireFormerMainBots, saveAddedBot, saveMainBot, setStatus, updateBot, versions,
  type StoreKeys,
} from './bot-store.js';
import type { BotRegistryDeps } from './deps.js';
import { CreateBotRegistry1764000009000 } from './migrations/create-bot-registry-1764000009000.js';
import { BotConnections1764000017050 } from './migrations/bot-connections-1764000017050.js';
import { BotDirectory1764000017000 } from './migrations/bot-directory-1764000017000.js';
import {
  BotAlreadyRegisteredError, BotIdentityMismatchError, BotNotServedError, TokenEncryptionOffError, UnknownBotError,
  type BotBranding, type BotCredentials, type BotModule, type BotProfile, type NewBot, type ResolvedBot,
} from './types.js';

export type { BotBranding, BotCredentials, BotModule, BotProfile, BotStatus, BrandText, NewBot, ResolvedBot } from './types.js';
export { BOT_MODULES, BRAND_TEXTS, BotAlreadyRegisteredError, BotIdentityMismatchError, BotNotServedError, TokenEncryptionOffError, UnknownBotError } from './types.js';
export type { BotRegistryDeps } from './deps.js';

export const botRegistrySchema: ServiceSchema = { migrations: [CreateBotRegistry1764000009000, BotDirectory1764000017000, BotConnections1764000017050] };

export const DEFAULT_BOT_CACHE_SIZE = 1000;

/** `warhorn tokens rotate` without a running platform: every stored token sealed again under the cipher's
 * current key. Running processes need no word of it: the tokens they hold did not change, and a row they read
 * later opens with the new key (every process must have it, as TOKEN_ENCRYPTION_KEY or in OLD_KEYS). */
export function resealStoredTokens(db: import('typeorm').DataSource, cipher: import('../platform/token-cipher.js').TokenCipher, log: import('../platform/logger.js').Logger) {
  return resealTokens(db, { cipher, main: undefined, log });
}

/** Objects made per bot from its resolved entry, kept with the same bound and forgotten with the entry. The
 * registry cannot make them itself: bots/ sits above the services. */
export interface PerBot<B> {
  get(botId: number): Promise<B>;
}

/** Which bots this deployment is, by id: the bot directory. One per process; every process sees the others'
 * changes (Redis announcements, and a reload from Postgres as the backstop). */
export interface BotRegistry {
  /** The bot with its token, from this process's cache or its row; undefined for an id the deployment does
   * not serve (unknown, removed, or a token this process holds no key for). A disabled bot resolves, with its
   * status: callers that act as it check `status`. */
  resolve(botId: number): Promise<ResolvedBot | undefined>;
  /** The same, throwing UnknownBotError. (The Mini App's initData check takes the token from here.) */
  resolveKnown(botId: number): Promise<ResolvedBot>;
  /** A bot without its secrets, whatever its status (read from Postgres each time: for owners' pages). */
  profile(botId: number): Promise<BotProfile | undefined>;
  /** The bots a Warhorn user registered (not removed ones). */
  ownedBy(ownerId: number): Promise<BotProfile[]>;
  /** Bot API client for reads and direct state changes (auto-retry on 429 and short outages). Throws
   * BotNotServedError for a disabled bot. */
  api(botId: number): Promise<Api>;
  /** Bot API client for the outbox (bounded timeout, no retry of its own). */
  sendApi(botId: number): Promise<Api>;
  /** Ids of every bot served (active), the main one included. */
  list(): Promise<number[]>;
  /** The main bot from configuration: asks getMe, writes its row, announces. Called once at start. A main
   * bot of an earlier BOT_TOKEN stops being served (added bots stay). */
  registerMain(credentials: BotCredentials): Promise<ResolvedBot>;
  /** A bot added after start (white-label): asks getMe, checks the id, seals the token, stores, announces.
   * Adding an id again replaces its token (a token changed in BotFather) and keeps its secret unless a new
   * one is given; with `mustBeNew` it throws BotAlreadyRegisteredError instead. */
  add(bot: NewBot, tx?: Tx): Promise<ResolvedBot>;
  /** Modules and branding (what an owner changes); undefined for a bot not there or removed. */
  update(botId: number, change: { modules?: readonly BotModule[]; branding?: BotBranding }, tx?: Tx): Promise<BotProfile | undefined>;
  /** Stops serving a bot (Telegram refused its token); true when it was active. */
  disable(botId: number, reason: string, tx?: Tx): Promise<boolean>;
  /** Its owner removed it: token and secret wiped, the row kept. True when it was there. */
  remove(botId: number, reason: string, tx?: Tx): Promise<boolean>;
  /** Tells every process (this one included) that the bot's row changed. The writes above announce by
   * themselves, except in a caller's transaction (`tx`): there the caller announces once it committed,
   * since another process that reloads before the commit would read the old row and keep it. */
  announce(botId: number): Promise<void>;
  /** What each bot was last connected to Telegram with (a digest the bot role makes), by bot id. */
  connections(): Promise<Map<number, string>>;
  /** Remembers (or, with null, forgets) what a bot was connected with. Not a change of the bot: no announcement. */
  markConnected(botId: number, digest: string | null): Promise<void>;
  /** Seals every stored token under the current TOKEN_ENCRYPTION_KEY (and any stored in clear). */
  resealTokens(): Promise<{ resealed: number[]; unreadable: number[] }>;
  /** Calls `listener` with the id of every bot added or changed anywhere in the deployment (this process
   * included), and with `undefined` after announcements may have been missed (a reconnect). */
  onChange(listener: (botId: number | undefined) => void): () => void;
  /** Calls `listener` when Telegram answers 401 for a bot's token, through any client this registry made. */
  onUnauthorized(listener: (botId: number) => void): () => void;
  /** A cache of objects made per bot, with this registry's bound and invalidation. */
  perBot<B>(make: (bot: ResolvedBot) => B): PerBot<B>;
  /** Stops listening for announcements and reloading (the connections are the caller's). */
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
  const unauthorizedListeners = new Set<(botId: number) => void>();
  // Bumped on every invalidation: a read that began before one does not put what it read in the cache.
  let generation = 0;
  // The main bot's token and secret, from this process's configuration (registerMain): never stored.
  const keys: StoreKeys = { cipher: deps.cipher ?? null, main: undefined, log: deps.log };

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

  // The backstop: an announcement lost (a publish that failed after the commit, a subscriber that was away
  // without noticing) is found by comparing every row's updated_at with what this process saw last.
  let seen: Map<number, string> | undefined;
  const reload = async () => {
    const now = await versions(deps.db);
    if (seen) {
      for (const [id, at] of now) if (seen.get(id) !== at) forget(id);
      for (const id of seen.keys()) if (!now.has(id)) forget(id);
    }
    seen = now;
  };
  await reload();
  const reloading = deps.reloadMs
    ? setInterval(() => reload().catch((error: unknown) => deps.log.warn({ err: error }, 'reloading the bot directory failed; the next try follows')), deps.reloadMs)
    : undefined;
  reloading?.unref();

  // One report per bot until it is announced changed: every queued message of a revoked bot answers 401.
  const reported = new Set<number>();
  const unauthorized = (botId: number) => {
    if (reported.has(botId)) return;
    reported.add(botId);
    for (const listener of unauthorizedListeners) {
      try {
        listener(botId);
      } catch (error) {
        deps.log.error({ err: error, botId }, 'bot registry 401 listener failed');
      }
    }
  };
  listeners.add((botId) => (botId === undefined ? reported.clear() : reported.delete(botId)));

  async function entry(botId: number): Promise<Entry | null> {
    const hit = entries.get(botId);
    if (hit !== undefined) return hit;
    const pending = inFlight.get(botId);
    if (pending) return pending;
    const startedAt = generation;
    const read = loadBot(deps.db, botId, keys).then((bot) => {
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

  async function served(botId: number): Promise<Entry> {
    const found = await required(botId);
    if (found.bot.status !== 'active') throw new BotNotServedError(botId, found.bot.status);
    return found;
  }

  async function identify(token: string, apiRoot: string) {
    const id = botIdOf(token);
    const me = await probeClient(token, apiRoot).getMe();
    if (me.id !== id) throw new BotIdentityMismatchError(id, me.id);
    return { id, me };
  }

  async function announce(botId: number): Promise<void> {
    forget(botId);
    await announcements.publish(botId);
  }

  return {
    resolve: async (botId) => (await entry(botId))?.bot,
    resolveKnown: async (botId) => (await required(botId)).bot,
    profile: async (botId) => (await loadProfile(deps.db, botId)) ?? undefined,
    ownedBy: (ownerId) => profilesOwnedBy(deps.db, ownerId),
    async api(botId) {
      const found = await served(botId);
      return (found.read ??= readClient(found.bot, unauthorized));
    },
    async sendApi(botId) {
      const found = await served(botId);
      return (found.send ??= sendClient(found.bot, unauthorized));
    },
    list: () => listBotIds(deps.db),
    async registerMain(credentials) {
      const { id, me } = await identify(credentials.token, credentials.apiRoot);
      keys.main = { id, token: credentials.token, ...(credentials.webhookSecret !== undefined ? { webhookSecret: credentials.webhookSecret } : {}), ...(credentials.updateEpoch !== undefined ? { updateEpoch: credentials.updateEpoch } : {}) };
      const bot = await saveMainBot(deps.db, { id, me, apiRoot: credentials.apiRoot }, keys);
      for (const former of await retireFormerMainBots(deps.db, id)) {
        deps.log.warn({ botId: former }, 'the main bot of an earlier BOT_TOKEN is no longer served');
        await announce(former);
      }
      // Tokens stored in clear before they were sealed: sealed by the first process that has a key.
      if (keys.cipher) {
        const { resealed } = await resealTokens(deps.db, { ...keys, cipher: keys.cipher });
        if (resealed.length) deps.log.info({ count: resealed.length }, 'bot tokens sealed under TOKEN_ENCRYPTION_KEY');
      }
      deps.log.info({ botId: id, bot: me.username }, 'main bot registered');
      await announce(id);
      return bot;
    },
    announce,
    async add(input, tx) {
      const cipher = keys.cipher;
      if (!cipher) throw new TokenEncryptionOffError();
      const apiRoot = input.apiRoot ?? deps.defaultApiRoot;
      const { id, me } = await identify(input.token, apiRoot);
      // The main bot is configured (BOT_TOKEN), not added: adding it would store the token it keeps out of the database.
      if (id === keys.main?.id) throw new Error(`bot ${id} is this deployment's main bot: it is configured by BOT_TOKEN, not added`);
      const bot = await saveAddedBot(
        tx ?? deps.db,
        {
          id,
          me,
          token: input.token,
          apiRoot,
          webhookSecret: input.webhookSecret ?? randomBytes(24).toString('base64url'),
          secretGiven: input.webhookSecret !== undefined,
          mustBeNew: input.mustBeNew ?? false,
          ...(input.updateEpoch !== undefined ? { updateEpoch: input.updateEpoch } : {}),
          ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
          ...(input.modules !== undefined ? { modules: input.modules } : {}),
          ...(input.branding !== undefined ? { branding: input.branding } : {}),
        },
        { ...keys, cipher },
      );
      if (!bot) throw new BotAlreadyRegisteredError(id);
      deps.log.info({ botId: id, bot: me.username }, 'bot added');
      if (!tx) await announce(id);
      return bot;
    },
    async update(botId, change, tx) {
      const profile = await updateBot(tx ?? deps.db, botId, change);
      if (profile && !tx) await announce(botId);
      return profile;
    },
    async disable(botId, reason, tx) {
      const changed = await setStatus(tx ?? deps.db, botId, 'disabled', reason);
      if (changed) {
        deps.log.warn({ botId, reason }, 'bot disabled');
        if (!tx) await announce(botId);
      }
      return changed;
    },
    async remove(botId, reason, tx) {
      const changed = await setStatus(tx ?? deps.db, botId, 'removed', reason);
      if (changed) {
        deps.log.info({ botId }, 'bot removed: token wiped');
        if (!tx) await announce(botId);
      }
      return changed;
    },
    connections: () => loadConnections(deps.db),
    markConnected: (botId, digest) => saveConnection(deps.db, botId, digest),
    async resealTokens() {
      if (!keys.cipher) throw new TokenEncryptionOffError();
      return resealTokens(deps.db, { ...keys, cipher: keys.cipher });
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onUnauthorized(listener) {
      unauthorizedListeners.add(listener);
      return () => unauthorizedListeners.delete(listener);
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
    async close() {
      if (reloading) clearInterval(reloading);
      await announcements.close();
    },
  };
}
