import type { FastifyInstance } from 'fastify';
import { Api } from 'grammy';
import type { DataSource } from 'typeorm';
import type { Config } from './services/platform/config.js';
import { botIdOf } from './services/platform/config.js';
import { DEFAULT_DATABASE_TIMEOUTS, openDatabase } from './services/platform/database.js';
import { createRedis, whenReady, type Redis } from './services/platform/redis.js';
import { createMetrics, type Registry } from './services/platform/metrics.js';
import type { Logger } from './services/platform/logger.js';
import { systemClock } from './services/platform/clock.js';
import { createBotDirectory, type BotDirectory, type BotIdentity } from './services/platform/telegram.js';
import { entities, migrations } from './services/catalog.js';
import { readInstallationId } from './services/platform/installation.js';
import { createHeartbeats } from './services/platform/heartbeats.js';
import { anchorText, appendAnchor, createHistory, type Anchor, type History } from './services/history/index.js';
import { createNotifications, type Notifications } from './services/notifications/index.js';
import { createUsers, type Users } from './services/users/index.js';
import { createGroups, type Groups } from './services/groups/index.js';
import { createX, type X } from './services/x/index.js';
import { createRaids, type Raids } from './services/raids/index.js';
import { createAnalytics, type Analytics } from './services/analytics/index.js';
import { createValidation, type Validation } from './services/validation/index.js';
import { createLeaderboards } from './services/leaderboards/index.js';
import type { Agent as HttpsAgent } from 'node:https';
import { createBot, ALLOWED_UPDATES } from './bots/create-bot.js';
import { startPolling, type PollingHandle } from './bots/polling/start-polling.js';
import type { WarhornContext } from './bots/context.js';
import type { Bot } from 'grammy';
import { createApiServer } from './miniapp/api/server.js';
import { startWorkers } from './workers/index.js';
import { raidMessages } from './bots/features/raids/texts.js';
import { validationMessages } from './bots/features/raid-results/texts.js';
import { groupMessages } from './bots/features/group-membership/texts.js';

export const ROLES = ['bot', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export interface Platform {
  config: Config;
  db: DataSource;
  redis: Redis;
  metrics: Registry;
  directory: BotDirectory;
  history: History;
  notifications: Notifications;
  users: Users;
  groups: Groups;
  x: X | null;
  raids: Raids;
  analytics: Analytics;
  /** Null without X credentials: there is nothing to validate against. */
  validation: Validation | null;
  bots: Map<number, Bot<WarhornContext>>;
  http: FastifyInstance;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  stop(): Promise<void>;
}

/** Asks Telegram (or whatever speaks the Bot API at apiRoot) who the bot is. */
export async function identify(token: string, apiRoot: string, webhookSecret?: string): Promise<BotIdentity> {
  const me = await new Api(token, { apiRoot }).getMe();
  if (me.id !== botIdOf(token)) throw new Error('getMe answered with another bot id than the token names');
  return { id: me.id, token, username: me.username, firstName: me.first_name, apiRoot, webhookSecret };
}

/** What tests and the sandbox may add: trust for the X fake's self-signed certificate. Production trusts
 * through Node's own NODE_EXTRA_CA_CERTS. */
export interface PlatformOverrides {
  xHttpsAgent?: HttpsAgent;
  /** The run of the update source, where update ids start over (the sandbox's emulator): see BotIdentity. */
  updateEpoch?: string;
}

/** Where X sends members back; the link's first hop (`start`) sits beside it. */
const xCallbackUrl = (config: Config) =>
  config.X_OAUTH_CALLBACK_URL ?? (config.PUBLIC_URL ? new URL('x/oauth/callback', withSlash(config.PUBLIC_URL)).toString() : undefined);

function xConfig(config: Config) {
  return {
    apiRoot: config.X_API_ROOT,
    bearerToken: config.X_BEARER_TOKEN!,
    clientId: config.X_CLIENT_ID,
    clientSecret: config.X_CLIENT_SECRET,
    callbackUrl: xCallbackUrl(config),
    authorizeUrl: config.X_AUTHORIZE_URL,
    prices: { postReadMicros: config.X_PRICE_POST_READ_MICROS, userReadMicros: config.X_PRICE_USER_READ_MICROS },
    maxRateLimitWaitMs: config.X_RATE_LIMIT_MAX_WAIT_MS,
    timeoutMs: config.X_REQUEST_TIMEOUT_MS,
    breaker: { failureThreshold: config.X_CIRCUIT_FAILURES, cooldownMs: config.X_CIRCUIT_COOLDOWN_MS, maxCooldownMs: config.X_CIRCUIT_MAX_COOLDOWN_MS },
  };
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** Builds every dependency once and starts the requested roles in this process. */
export async function startPlatform(config: Config, roles: readonly Role[], log: Logger, overrides: PlatformOverrides = {}): Promise<Platform> {
  if (!config.BOT_TOKEN) throw new Error('BOT_TOKEN is required to start the platform (without it, use the sandbox)');
  const stopsLast: Array<() => Promise<void>> = [];
  const metrics = createMetrics();
  const heartbeats = createHeartbeats(metrics, systemClock);
  const db = await openDatabase({
    url: config.DATABASE_URL,
    entities,
    migrations,
    migrate: config.MIGRATE_ON_START,
    metrics,
    timeouts: {
      ...DEFAULT_DATABASE_TIMEOUTS,
      connectMs: config.DATABASE_CONNECT_TIMEOUT_MS,
      statementMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      answerMs: config.DATABASE_STATEMENT_TIMEOUT_MS + 5000,
    },
  });
  const redis = createRedis(config.REDIS_URL, 'warhorn', { log });
  const installation = await readInstallationId(db);
  const identity = { ...(await identify(config.BOT_TOKEN, config.TELEGRAM_API_ROOT, config.WEBHOOK_SECRET)), ...(overrides.updateEpoch ? { updateEpoch: overrides.updateEpoch } : {}) };
  const directory = createBotDirectory([identity]);
  const prefix = config.REDIS_PREFIX;

  const anchorFile = config.HISTORY_ANCHOR_FILE;
  const anchorChat = config.HISTORY_ANCHOR_CHAT_ID;
  const history = createHistory({
    db,
    log: log.child({ service: 'history' }),
    metrics,
    ...(anchorFile || anchorChat !== undefined
      ? {
          anchor: {
            everySeals: config.HISTORY_ANCHOR_EVERY_SEALS,
            async publish(anchor: Anchor) {
              if (anchorFile) await appendAnchor(anchorFile, anchor);
              // In the operators' channel, by the main bot, through the outbox like every message.
              if (anchorChat !== undefined) await notifications.enqueueNow({ botId: identity.id, chatId: anchorChat, method: 'sendMessage', payload: { text: anchorText(anchor) } });
            },
          },
        }
      : {}),
  });
  const notifications = createNotifications({
    db,
    redis,
    prefix,
    log: log.child({ service: 'notifications' }),
    metrics,
    resolveBot: async (botId) => {
      const bot = directory.get(botId);
      if (!bot) throw new Error(`no bot ${botId} in this deployment`);
      return { token: bot.token, apiRoot: bot.apiRoot };
    },
  });
  stopsLast.push(() => notifications.close());
  const clock = systemClock;
  const x = config.X_BEARER_TOKEN
    ? createX({ db, redis, prefix, log, metrics, clock, config: xConfig(config), ...(overrides.xHttpsAgent ? { httpsAgent: overrides.xHttpsAgent } : {}) })
    : null;
  if (!x) log.warn('X_BEARER_TOKEN is not set: raids and X account linking are off');
  const users = createUsers({ db, history, clock, redis, prefix, log: log.child({ service: 'users' }), ...(x ? { x } : {}) });
  const groups = createGroups({
    db,
    history,
    notifications,
    log: log.child({ service: 'groups' }),
    telegram: {
      getChatAdministrators: (botId, chatId) => directory.api(botId).getChatAdministrators(chatId),
      getChatMember: (botId, chatId, userId) => directory.api(botId).getChatMember(chatId, userId),
    },
    redis,
    prefix,
    memberCacheMs: config.TELEGRAM_MEMBER_CACHE_MS,
    clock,
    messages: () => groupMessages,
  });

  const raids = createRaids({
    db,
    redis,
    prefix,
    log: log.child({ service: 'raids' }),
    metrics,
    clock,
    x,
    groups,
    users,
    history,
    notifications,
    telegram: {
      getChatPermissions: async (botId, chatId) => (await directory.api(botId).getChat(chatId)).permissions,
      setChatPermissions: async (botId, chatId, permissions) => {
        await directory.api(botId).setChatPermissions(chatId, permissions, { use_independent_chat_permissions: true });
      },
    },
    // One set of texts for every bot today; chosen by bot id so branding and translations touch texts only.
    messages: () => raidMessages,
    tickIntervalMs: config.RAID_TICK_INTERVAL_MS,
    validationGraceMs: config.RAID_VALIDATION_GRACE_MS,
    installation,
  });
  stopsLast.push(() => raids.close());

  const analytics = createAnalytics({ db, redis, prefix, log: log.child({ service: 'analytics' }), metrics, clock });

  const validation = x
    ? createValidation({
        db, x, raids, users, groups, history, notifications, log: log.child({ service: 'validation' }), metrics, clock,
        timelineReadsPerRaid: config.X_TIMELINE_READS_PER_RAID,
        messages: () => validationMessages,
      })
    : null;
  // Without X there is no validation and so no raid points; the message board still works.
  const leaderboards = createLeaderboards({ points: validation, messages: analytics, users });

  // Updates' own Redis calls (the dedupe marks, wizard state) on a connection of their own that pipelines
  // whatever concurrent updates send in the same turn of the event loop: one write instead of one per
  // command. BullMQ keeps the other connection.
  // With a deadline: a Redis that stopped answering must turn into a 500 (Telegram redelivers), not a hang.
  const updatesRedis = createRedis(config.REDIS_URL, 'warhorn-updates', { autoPipelining: true, log, deadlineMs: 2000 });
  stopsLast.push(async () => {
    await updatesRedis.quit().catch(() => updatesRedis.disconnect());
  });
  await whenReady(updatesRedis, config.STARTUP_WAIT_MS);
  const botDeps = { redis: updatesRedis, prefix, log, metrics, users, groups, notifications, raids, analytics, leaderboards, validation };
  const bots = new Map(directory.all().map((id) => [id.id, createBot(id, botDeps)] as const));
  const stops: Array<() => Promise<void>> = [];

  const http = createApiServer({
    db,
    redis,
    metrics,
    heartbeats,
    log,
    webhooks: roles.includes('api')
      ? (botId) => {
          const bot = bots.get(botId);
          const secret = directory.get(botId)?.webhookSecret;
          return bot && secret ? { secret, handleUpdate: (update) => bot.handleUpdate(update) } : undefined;
        }
      : undefined,
    xOAuth: roles.includes('api') ? { users, notifications, log, defaultBotId: identity.id, callbackUrl: xCallbackUrl(config) } : undefined,
  });

  if (roles.includes('worker')) {
    const workers = await startWorkers({
      redis,
      prefix,
      log,
      metrics,
      history,
      notifications,
      groups,
      raids,
      analytics,
      ...(validation ? { validate: (raidId: string) => validation.run(raidId) } : {}),
      historySealIntervalMs: config.HISTORY_SEAL_INTERVAL_MS,
      outboxDispatchIntervalMs: config.OUTBOX_DISPATCH_INTERVAL_MS,
      installation,
      heartbeats,
      raidSweepIntervalMs: config.RAID_SWEEP_INTERVAL_MS,
      outboxRetryForMs: config.OUTBOX_RETRY_FOR_MS,
      outboxRetentionDays: config.OUTBOX_RETENTION_DAYS,
    });
    stops.push(() => workers.close());
  }

  if (roles.includes('bot')) {
    for (const [botId, bot] of bots) {
      const polling = await connectBot(config, directory.get(botId)!, bot, log, metrics);
      if (polling) stops.push(() => polling.stop());
    }
  }

  const address = await http.listen({ port: config.HTTP_PORT, host: config.HTTP_HOST ?? '0.0.0.0' });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  log.info({ roles, url, bot: identity.username, mode: config.BOT_MODE }, 'warhorn started');

  return {
    config, db, redis, metrics, directory, history, notifications, users, groups, x, raids, analytics, validation, bots, http, url,
    async stop() {
      // Stop taking work first, then finish what is in flight, then close the connections.
      for (const stop of stops.reverse()) await stop();
      await http.close();
      for (const stop of stopsLast) await stop();
      await redis.quit().catch(() => redis.disconnect());
      if (db.isInitialized) await db.destroy();
    },
  };
}

/** Webhook mode: tell Telegram where to post. Polling mode: long-poll, retrying updates that meet an outage. */
async function connectBot(config: Config, identity: BotIdentity, bot: Bot<WarhornContext>, log: Logger, metrics: Registry): Promise<PollingHandle | null> {
  if (config.BOT_MODE === 'webhook') {
    const url = new URL(`tg/${identity.id}`, config.PUBLIC_URL!.endsWith('/') ? config.PUBLIC_URL : `${config.PUBLIC_URL}/`);
    await bot.api.setWebhook(url.toString(), { secret_token: identity.webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info({ bot: identity.username, url: url.toString() }, 'webhook set');
    return null;
  }
  await bot.api.deleteWebhook();
  const handle = startPolling(bot, { allowedUpdates: ALLOWED_UPDATES, log: log.child({ component: 'polling', bot: identity.username }), metrics });
  log.info({ bot: identity.username }, 'long polling');
  return handle;
}
