import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { configByConcern, type Config, type Settings } from './services/platform/config.js';
import { DEFAULT_DATABASE_TIMEOUTS, openDatabase } from './services/platform/database.js';
import { createRedis, whenReady, type Redis } from './services/platform/redis.js';
import { createMetrics, type Registry } from './services/platform/metrics.js';
import type { Logger } from './services/platform/logger.js';
import { systemClock } from './services/platform/clock.js';
import { serviceBase, type ServiceBase } from './services/platform/service-base.js';
import { Teardown } from './services/platform/teardown.js';
import { currentTokenTable, installTokenTable, tokenTableOf } from './services/platform/token-amounts.js';
import { migrations } from './services/catalog.js';
import { readInstallationId } from './services/platform/installation.js';
import { createHeartbeats } from './services/platform/heartbeats.js';
import { createBotRegistry, type BotRegistry, type ResolvedBot } from './services/bot-registry/index.js';
import { createFeeds, createKols, type Feeds, type Kols } from './services/x-feeds/index.js';
import { feedMessages } from './bots/features/feed-posts/texts.js';
import { anchorText, appendAnchor, createHistory, type Anchor, type History } from './services/history/index.js';
import { createNotifications, type Notifications } from './services/notifications/index.js';
import { createUsers, walletLinkSettings, type Users } from './services/users/index.js';
import { createGroups, type Groups } from './services/groups/index.js';
import { createX, type X } from './services/x/index.js';
import { createRaids, type Raids } from './services/raids/index.js';
import { createLedger, type Ledger } from './services/ledger/index.js';
import { createDeposits } from './services/deposits/index.js';
import { createMoneyViews, type MoneyViews } from './services/money-views/index.js';
import { createWithdrawals, type Withdrawals } from './services/withdrawals/index.js';
import { loadHotWallet } from './services/platform/hot-wallet.js';
import { withdrawalMessages } from './bots/features/withdraw/texts.js';
import { depositMessages } from './bots/features/deposit-notices/texts.js';
import { assetOfSymbol } from './services/platform/chains.js';
import { createAnalytics, type Analytics } from './services/analytics/index.js';
import { createValidation, type Validation } from './services/validation/index.js';
import { createLeaderboards } from './services/leaderboards/index.js';
import { createWallet, type Wallet } from './services/wallet/index.js';
import type { Agent as HttpsAgent } from 'node:https';
import { createBotRuntime, type BotRuntime } from './bots/create-bot.js';
import { createTokenCipher } from './services/platform/token-cipher.js';
import { connectBots } from './bots/connect-bots.js';
import { createApiServer } from './miniapp/api/server.js';
import { builtWebRoot } from './miniapp/api/web-app.js';
import { startWorkers } from './workers/index.js';
import { cardWordingOf, raidMessagesIn } from './bots/features/raids/texts.js';
import { previewCard } from './bots/features/raids/preview.js';
import { createWhitelabel, checkBranding, type Whitelabel } from './services/whitelabel/index.js';
import { whitelabelMessages } from './bots/features/whitelabel/texts.js';
import { validationMessages } from './bots/features/raid-results/texts.js';
import { groupMessages } from './bots/features/group-membership/texts.js';

/** How long a stopping api process lets in-flight requests finish before it closes their connections. */
const HTTP_CLOSE_GRACE_MS = 10_000;

export const ROLES = ['bot', 'api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

export interface Platform {
  config: Config;
  /** The same configuration by concern (what the composition root reads). */
  settings: Settings;
  db: DataSource;
  redis: Redis;
  metrics: Registry;
  /** Which bots this deployment is; add one here and every process serves it without a restart. */
  registry: BotRegistry;
  /** The main bot (BOT_TOKEN), as the registry resolved it at start. */
  mainBot: ResolvedBot;
  history: History;
  notifications: Notifications;
  users: Users;
  groups: Groups;
  x: X | null;
  raids: Raids;
  analytics: Analytics;
  /** Null without X credentials: there is nothing to validate against. */
  validation: Validation | null;
  /** Null without WALLET_XPUB: no deposit addresses, money is off. */
  wallet: Wallet | null;
  /** The money's book (always built; postings only where money is on). */
  ledger: Ledger;
  /** Balances, rewards, transactions and deposits as the views show them; null when money is off. */
  moneyViews: MoneyViews | null;
  /** Null unless money is on and a hot wallet is configured (HOT_WALLET_KEY or HOT_WALLET_KEYSTORE). */
  withdrawals: Withdrawals | null;
  /** X feeds (follows, polling); null without X. */
  feeds: Feeds | null;
  /** KOL tracking (lists, searches, refreshes, ranking, digests); null without X. */
  kols: Kols | null;
  /** White-label bots: registration, branding, modules, removal, revoked tokens. */
  whitelabel: Whitelabel;
  /** The one middleware tree every bot's updates run through; null in a process that handles no updates
   * (worker only, or bot only in webhook mode). */
  runtime: BotRuntime | null;
  http: FastifyInstance;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:3000. */
  url: string;
  stop(): Promise<void>;
}

/** What tests and the sandbox may add: trust for the X fake's self-signed certificate. Production trusts
 * through Node's own NODE_EXTRA_CA_CERTS. */
export interface PlatformOverrides {
  xHttpsAgent?: HttpsAgent;
  /** The run of the update source, where update ids start over (the sandbox's emulator): see ResolvedBot. */
  updateEpoch?: string;
  /** Where the deposit scanner starts on a chain it has no cursor for (default: the head at its first pass).
   * The sandbox's chain is new each run and funded before the platform starts: it is read from block 0. */
  depositsStartBlock?: (chainId: number) => number | undefined;
}

/** Builds every dependency once and starts the requested roles in this process. What it opened is closed
 * again if a step fails half way. */
export async function startPlatform(config: Config, roles: readonly Role[], log: Logger, overrides: PlatformOverrides = {}): Promise<Platform> {
  const settings = configByConcern(config);
  const botToken = settings.telegram.botToken;
  if (!botToken) throw new Error('BOT_TOKEN is required to start the platform (without it, use the sandbox)');
  // Pools are parsed and shown with the deployment's token list (the default table when no chains are set).
  installTokenTable(tokenTableOf(settings.chains));
  const opened = new Teardown();
  try {
    return await assemble(config, settings, botToken, roles, log, overrides, opened);
  } catch (error) {
    await opened.run(log);
    throw error;
  }
}

async function assemble(config: Config, settings: Settings, botToken: string, roles: readonly Role[], log: Logger, overrides: PlatformOverrides, opened: Teardown): Promise<Platform> {
  // Updates are handled where webhooks arrive (api) or where they are fetched (bot, when polling).
  const handlesUpdates = roles.includes('api') || (roles.includes('bot') && settings.telegram.connection.mode === 'polling');
  const metrics = createMetrics();
  const clock = systemClock;
  const heartbeats = createHeartbeats(metrics, clock);
  const db = await openDatabase({
    url: settings.database.url,
    migrations,
    migrate: settings.database.migrateOnStart,
    metrics,
    timeouts: {
      ...DEFAULT_DATABASE_TIMEOUTS,
      connectMs: settings.database.connectTimeoutMs,
      statementMs: settings.database.statementTimeoutMs,
      answerMs: settings.database.statementTimeoutMs + 5000,
    },
  });
  opened.add('database', async () => {
    if (db.isInitialized) await db.destroy();
  });
  const redis = createRedis(settings.redis.url, 'warhorn', { log });
  opened.add('redis', () => quit(redis));
  const prefix = settings.redis.prefix;
  // What every service shares, built once; each gets it with its logger named here (serviceBase), and only
  // here: services log with what they are given.
  const base: ServiceBase = { db, redis, prefix, log, metrics, clock };
  const installation = await readInstallationId(db);

  // Pub/sub needs a connection of its own: a subscribed connection can send nothing else.
  const registrySubscriber = createRedis(settings.redis.url, 'warhorn-bot-registry', { log });
  opened.add('bot registry subscriber', () => quit(registrySubscriber));
  // SUBSCRIBE would otherwise wait in the offline queue for as long as Redis stays away.
  await whenReady(registrySubscriber, settings.lifecycle.startupWaitMs);
  const tokenKeys = settings.bots.tokenKeys;
  const registry = await createBotRegistry({
    ...serviceBase(base, 'bot-registry'),
    subscriber: registrySubscriber,
    defaultApiRoot: settings.telegram.apiRoot,
    cacheSize: settings.bots.cacheSize,
    reloadMs: settings.bots.reloadMs,
    cipher: tokenKeys ? createTokenCipher(tokenKeys.current, tokenKeys.older) : null,
  });
  opened.add('bot registry', () => registry.close());
  const webhook = settings.telegram.connection.mode === 'webhook' ? settings.telegram.connection : undefined;
  const mainBot = await registry.registerMain({
    token: botToken,
    apiRoot: settings.telegram.apiRoot,
    ...(webhook ? { webhookSecret: webhook.secret } : {}),
    ...(overrides.updateEpoch ? { updateEpoch: overrides.updateEpoch } : {}),
  });

  const { anchorFile, anchorChatId } = settings.history;
  const history = createHistory({
    ...serviceBase(base, 'history'),
    ...(anchorFile || anchorChatId !== undefined
      ? {
          anchor: {
            everySeals: settings.history.anchorEverySeals,
            async publish(anchor: Anchor) {
              if (anchorFile) await appendAnchor(anchorFile, anchor);
              // In the operators' channel, by the main bot, through the outbox like every message.
              if (anchorChatId !== undefined) await notifications.enqueueNow({ botId: mainBot.id, chatId: anchorChatId, method: 'sendMessage', payload: { text: anchorText(anchor) } });
            },
          },
        }
      : {}),
  });
  const notifications = createNotifications({ ...serviceBase(base, 'notifications'), sendApi: (botId) => registry.sendApi(botId) });
  opened.add('notifications', () => notifications.close());
  const whitelabel = createWhitelabel({
    ...serviceBase(base, 'whitelabel'), registry, history, notifications, mainBotId: mainBot.id, perOwner: settings.bots.perOwner, messages: whitelabelMessages,
  });
  // Whoever meets a 401 (a handler, the outbox, a raid tick), the bot is checked once and disabled if its token is dead.
  const stopWatching401 = registry.onUnauthorized((botId) => {
    whitelabel.unauthorized(botId).catch((error: unknown) => log.error({ err: error, botId }, 'disabling a bot after a 401 failed; the next 401 tries again'));
  });
  opened.add('401 watch', async () => void stopWatching401());
  const xSettings = settings.x;
  const x = xSettings
    ? createX({ ...serviceBase(base, 'x'), config: xSettings, ...(overrides.xHttpsAgent ? { httpsAgent: overrides.xHttpsAgent } : {}) })
    : null;
  if (!x) log.warn('X_BEARER_TOKEN is not set: raids and X account linking are off');
  const users = createUsers({ ...serviceBase(base, 'users'), history, walletLink: walletLinkSettings(settings.walletLink.publicUrl, settings.walletLink.chainId), ...(x ? { x } : {}) });
  const groups = createGroups({
    ...serviceBase(base, 'groups'),
    history,
    notifications,
    telegram: {
      getChatAdministrators: async (botId, chatId) => (await registry.api(botId)).getChatAdministrators(chatId),
      getChatMember: async (botId, chatId, userId) => (await registry.api(botId)).getChatMember(chatId, userId),
    },
    memberCacheMs: settings.telegram.memberCacheMs,
    messages: () => groupMessages,
  });

  // The ledger records every posting's event in history. Money is on when the deployment names deposit
  // addresses (WALLET_XPUB) and lists chains: a pool's symbol then names the asset of the first chain listing
  // it (assetOfSymbol) and is held at launch; otherwise pools stay numbers, as before money.
  const ledger = createLedger({ ...serviceBase(base, 'ledger'), history });
  const money = settings.wallet && settings.chains.length > 0 ? { ledger, assetOf: (symbol: string) => assetOfSymbol(settings.chains, symbol) } : null;

  const raids = createRaids({
    ...serviceBase(base, 'raids'),
    money,
    x,
    groups,
    users,
    history,
    notifications,
    telegram: {
      getChatPermissions: async (botId, chatId) => (await (await registry.api(botId)).getChat(chatId)).permissions,
      setChatPermissions: async (botId, chatId, permissions) => {
        await (await registry.api(botId)).setChatPermissions(chatId, permissions, { use_independent_chat_permissions: true });
      },
    },
    // In the words of the bot that posts them: a white-label bot's card wording is its branding.
    messages: async (botId) => raidMessagesIn(cardWordingOf((await registry.resolve(botId))?.branding.texts)),
    tickIntervalMs: settings.raids.tickIntervalMs,
    validationGraceMs: settings.raids.validationGraceMs,
    installation,
  });
  opened.add('raids', () => raids.close());

  const analytics = createAnalytics(serviceBase(base, 'analytics'));

  const validation = x && xSettings
    ? createValidation({
        ...serviceBase(base, 'validation'),
        x, raids, users, groups, history, notifications,
        timelineReadsPerRaid: xSettings.timelineReadsPerRaid,
        messages: () => validationMessages,
        money,
      })
    : null;
  // Without X there is no validation and so no raid points; the message board still works.
  const leaderboards = createLeaderboards({ points: validation, messages: analytics, users });
  // Public key only: the server names deposit addresses and can never move what arrives at them.
  const wallet = settings.wallet ? await createWallet({ ...serviceBase(base, 'wallet'), history, xpub: settings.wallet.xpub, ledger }) : null;
  if (!wallet) log.warn('WALLET_XPUB is not set: deposit addresses and money are off');
  // Deposits are scanned where money is on: the groups' addresses (wallet) on the configured chains.
  const deposits = wallet && money
    ? createDeposits({
        ...serviceBase(base, 'deposits'), watched: () => wallet.watched(), ledger, notifications, groups, messages: () => depositMessages, history,
        ...(overrides.depositsStartBlock ? { startBlock: overrides.depositsStartBlock } : {}),
      })
    : null;
  if (deposits) opened.add('deposits', async () => deposits.close());
  // What /balance, /rewards and the Mini App's money views read: where money is on, as deposits.
  const moneyViews = deposits ? createMoneyViews({ ledger, deposits, chains: settings.chains }) : null;
  // Withdrawals pay from the hot wallet where money is on and the operator gave one; the key is decrypted
  // here once and lives only inside the signer (loadHotWallet's errors name the variable, never the key).
  const hotWallet = money && settings.withdrawals.hotWallet ? await loadHotWallet(settings.withdrawals.hotWallet) : null;
  if (money && !hotWallet) log.warn('HOT_WALLET_KEY / HOT_WALLET_KEYSTORE is not set: withdrawals are off');
  const withdrawals = money && hotWallet
    ? createWithdrawals({ ...serviceBase(base, 'withdrawals'), chains: settings.chains, hotWallet, ledger, users, notifications, messages: () => withdrawalMessages, history })
    : null;
  if (withdrawals) {
    opened.add('withdrawals', async () => withdrawals.close());
    log.info({ hotWallet: withdrawals.hotAddress }, 'withdrawals on: paid from this address (keep gas and tokens in it)');
  }

  // X feeds need X: one read per followed account for every group that follows it.
  const feeds = x
    ? createFeeds({
        ...serviceBase(base, 'feeds'), x, notifications, groups, history, raids, messages: () => feedMessages,
        config: { ...settings.feeds },
      })
    : null;
  // KOL tracking reads X for the same groups under the same caps: built from the same dependencies.
  const kols = x
    ? createKols({ ...serviceBase(base, 'feeds'), x, notifications, groups, history, messages: () => feedMessages, config: { ...settings.feeds }, kols: settings.kols })
    : null;

  let runtime: BotRuntime | null = null;
  if (handlesUpdates) {
    // Updates' own Redis calls (the dedupe marks, wizard state) on a connection of their own that pipelines
    // whatever concurrent updates send in the same turn of the event loop: one write instead of one per
    // command. BullMQ keeps the other connection.
    // With a deadline: a Redis that stopped answering must turn into a 500 (Telegram redelivers), not a hang.
    const updatesRedis = createRedis(settings.redis.url, 'warhorn-updates', { autoPipelining: true, log, deadlineMs: 2000 });
    opened.add('updates redis', () => quit(updatesRedis));
    await whenReady(updatesRedis, settings.lifecycle.startupWaitMs);
    const botDeps = { redis: updatesRedis, prefix, log, metrics, users, groups, notifications, raids, analytics, leaderboards, validation, miniApp: settings.miniApp, wallet, chains: settings.chains, money: moneyViews, withdrawals, feeds, kols, whitelabel };
    runtime = createBotRuntime(registry, botDeps);
  }
  const tree = runtime;

  const http = createApiServer({
    db,
    redis,
    metrics,
    heartbeats,
    log,
    webhooks: roles.includes('api') && tree
      ? async (botId) => {
          const resolved = await registry.resolve(botId);
          const secret = resolved?.webhookSecret;
          // A disabled bot's updates are not taken (Telegram keeps them while its token is dead anyway).
          if (!secret || resolved.status !== 'active') return undefined;
          return { secret, handleUpdate: (update) => tree.handleUpdate(botId, update) };
        }
      : undefined,
    xOAuth: roles.includes('api') ? { users, notifications, log, defaultBotId: mainBot.id, callbackUrl: settings.xCallbackUrl } : undefined,
    miniApp: roles.includes('api')
      ? {
          api: {
            bots: registry,
            users, groups, raids, validation, leaderboards, analytics, history, notifications,
            clock, log: log.child({ component: 'miniapp-api' }), redis, prefix, tokens: currentTokenTable,
            wallet, chains: settings.chains, money: moneyViews, withdrawals, feeds, kols,
            whitelabel, checkBranding, previewCard,
            initDataMaxAgeS: settings.miniAppApi.initDataMaxAgeS,
            ratePerMinute: settings.miniAppApi.ratePerMinute,
          },
          webRoot: builtWebRoot(),
          frameAncestors: settings.miniAppApi.frameAncestors,
        }
      : undefined,
  });
  opened.add('http', async () => {
    // In-flight requests get a grace to finish; a client that never finishes its request must not hold the
    // process open past a supervisor's stop timeout.
    const force = setTimeout(() => http.server.closeAllConnections(), HTTP_CLOSE_GRACE_MS);
    try {
      await http.close();
    } finally {
      clearTimeout(force);
    }
  });

  if (roles.includes('worker')) {
    const workers = await startWorkers({
      redis,
      prefix,
      log,
      metrics,
      clock,
      history,
      notifications,
      groups,
      raids,
      analytics,
      // A funded pool is settled right after its validation when nobody is flagged; otherwise a decision or
      // the sweep (review window over) settles it.
      ...(validation
        ? {
            validate: async (raidId: string) => {
              const run = await validation.run(raidId);
              // The verdicts are committed; a pool that cannot be settled now is the sweep's to retry.
              await validation.payout(raidId).catch((error: unknown) => log.warn({ raidId, err: error }, 'raid pool not settled after validation; the sweep tries again'));
              return run;
            },
          }
        : {}),
      ...(validation && money ? { settlePayouts: () => validation.settleDuePayouts() } : {}),
      ...(deposits ? { deposits: { scanner: deposits, chains: settings.chains, everyMs: settings.deposits.scanIntervalMs } } : {}),
      ...(withdrawals ? { withdrawals: { payer: withdrawals, chains: settings.chains, everyMs: settings.withdrawals.intervalMs } } : {}),
      ...(feeds ? { feeds: { poller: feeds, everyMs: settings.feeds.pollIntervalMs } } : {}),
      ...(kols ? { kols: { tracker: kols, searchEveryMs: settings.feeds.pollIntervalMs } } : {}),
      historySealIntervalMs: settings.history.sealIntervalMs,
      outboxDispatchIntervalMs: settings.outbox.dispatchIntervalMs,
      installation,
      heartbeats,
      raidSweepIntervalMs: settings.raids.sweepIntervalMs,
      outboxRetryForMs: settings.outbox.retryForMs,
      outboxRetentionDays: settings.outbox.retentionDays,
    });
    opened.add('workers', () => workers.close());
  }

  if (roles.includes('bot')) {
    const connection = settings.telegram.connection;
    const connected = await connectBots({
      registry,
      connection,
      ...(connection.mode === 'polling' && tree ? { runtime: tree } : {}),
      pollingMaxBots: settings.bots.pollingMaxBots,
      mainBotId: mainBot.id,
      miniApp: settings.miniApp,
      log,
      metrics,
    });
    opened.add('bot connections', () => connected.stop());
  }

  const address = await http.listen({ port: settings.http.port, host: settings.http.host });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  log.info({ roles, url, bot: mainBot.me.username, mode: settings.telegram.connection.mode }, 'warhorn started');

  return {
    config, settings, db, redis, metrics, registry, mainBot, history, notifications, users, groups, x, raids, analytics, validation, wallet, ledger, moneyViews, withdrawals, feeds, kols, whitelabel, runtime, http, url,
    // Stop taking work first (bot connections, workers, the HTTP server), then finish what is in flight,
    // then close the connections: the reverse of opening.
    stop: () => opened.run(log),
  };
}

const quit = async (redis: Redis) => {
  await redis.quit().catch(() => redis.disconnect());
};
