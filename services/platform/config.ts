import { z } from 'zod';
import { parseTokenKey, type TokenKey } from './token-cipher.js';
import { loadChains, type ChainConfig } from './chains.js';
import { chatId } from './telegram-ids.js';
import { checkDepositXpub } from './deposit-xpub.js';
import { hotWalletKeyProblem, type HotWalletSource } from './hot-wallet.js';

// The one place that reads process.env (see design/architecture.md: config read once).
// Every variable here is documented in .env.example and the README's configuration table.

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

const schema = z
  .object({
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/warhorn'),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_{}:-]{1,64}$/, 'must be 1-64 characters of A-Z a-z 0-9 _ - : { }')
      .default('{warhorn}'),
    BOT_TOKEN: z
      .string()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456:ABC... as given by @BotFather')
      .optional(),
    TELEGRAM_API_ROOT: url(['http:', 'https:']).default('https://api.telegram.org'),
    BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    // The Mini App's address for the bots' buttons, when it is not <PUBLIC_URL>/app/ (a CDN, another host).
    // HTTPS only: Telegram refuses web_app buttons with any other URL.
    MINIAPP_URL: url(['https:']).optional(),
    // How long an opened Mini App's initData is believed (Telegram signs it once, when the app opens).
    MINIAPP_INIT_DATA_MAX_AGE_S: z.coerce.number().int().min(60).max(86_400).default(3600),
    // Requests per minute one person may make to the Mini App's API (on Redis, shared by every api process).
    // Origins besides Telegram's that may show the Mini App in a frame (space-separated), e.g. a staging
    // Telegram Web; the sandbox adds its emulator's page itself.
    MINIAPP_FRAME_ANCESTORS: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(url(['http:', 'https:']))),
    MINIAPP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    // White-label bots' tokens are sealed at rest with AES-256-GCM under this key (`<key id>:<32 bytes
    // base64>`); older keys (comma-separated) still open what they sealed until `warhorn tokens rotate`.
    // Unset: no bot can be added (the main bot's token stays in BOT_TOKEN, never stored).
    TOKEN_ENCRYPTION_KEY: z.string().min(1).optional(),
    TOKEN_ENCRYPTION_OLD_KEYS: z.string().optional(),
    // Bots one process keeps resolved, with their API clients (an LRU: thousands of bots, a bounded memory).
    BOT_CACHE_SIZE: z.coerce.number().int().min(10).max(1_000_000).default(1000),
    // The backstop to the registry's Redis announcements: every process reloads the directory this often.
    BOT_REGISTRY_RELOAD_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    // Long polling holds a connection per bot: a polling deployment serves at most this many bots.
    POLLING_MAX_BOTS: z.coerce.number().int().min(1).max(50).default(5),
    WHITELABEL_BOTS_PER_OWNER: z.coerce.number().int().min(0).max(1000).default(10),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Unset: every interface for the platform (containers), only 127.0.0.1 for the sandbox (a demo on a laptop).
    HTTP_HOST: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    // Off where a migrate job runs first and the roles reach Postgres through a transaction-mode pooler,
    // which cannot hold the session advisory lock that serialises migrations.
    MIGRATE_ON_START: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
    // Postgres cancels a statement running longer; the client stops waiting 5 s later (a blackholed server
    // cannot cancel anything). Migrations run without it.
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    // A stop (SIGTERM) finishes in-flight work within this, or the process exits anyway (Kubernetes waits 30 s).
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(25_000),
    // How long start-up waits for Postgres and Redis to answer before it gives up naming the variable.
    STARTUP_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
    HISTORY_SEAL_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(1000),
    // The chain's head, published outside the database every N seals: appended to a file the operator keeps
    // (a mounted volume; object lock on a bucket) and/or posted by the bot in an operators' channel.
    HISTORY_ANCHOR_FILE: z.string().min(1).optional(),
    HISTORY_ANCHOR_CHAT_ID: z.coerce.number().int().optional(),
    HISTORY_ANCHOR_EVERY_SEALS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    // `warhorn history verify` waits this long for the events recorded before it to be chained.
    HISTORY_VERIFY_WAIT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    SANDBOX_TELEGRAM_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
    SANDBOX_X_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
    X_API_ROOT: url(['https:']).default('https://api.x.com'),
    X_BEARER_TOKEN: z.string().min(1).optional(),
    X_CLIENT_ID: z.string().min(1).optional(),
    X_CLIENT_SECRET: z.string().min(1).optional(),
    X_OAUTH_CALLBACK_URL: url(['http:', 'https:']).optional(),
    X_AUTHORIZE_URL: url(['http:', 'https:']).optional(),
    X_PRICE_POST_READ_MICROS: z.coerce.bigint().nonnegative().default(5000n),
    X_PRICE_USER_READ_MICROS: z.coerce.bigint().nonnegative().default(10000n),
    X_RATE_LIMIT_MAX_WAIT_MS: z.coerce.number().int().min(0).max(900_000).default(20_000),
    X_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    X_CIRCUIT_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
    X_CIRCUIT_COOLDOWN_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    X_CIRCUIT_MAX_COOLDOWN_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
    // Timelines read per raid for claimants past X's 100 reposters: one request each (README, X costs).
    X_TIMELINE_READS_PER_RAID: z.coerce.number().int().min(0).max(10_000).default(100),
    RAID_TICK_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    // How often raids their jobs left behind are looked for (ended, unlocked, validated from Postgres' truth).
    RAID_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    // How often the worker scans each configured chain for deposits (a pass reads up to the head).
    DEPOSIT_SCAN_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
    RAID_VALIDATION_GRACE_MS: z.coerce.number().int().min(0).max(24 * 3_600_000).default(300_000),
    OUTBOX_DISPATCH_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    // Finished outbox messages (sent, failed, superseded) are deleted after this many days.
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    // 5xx and network errors are retried (backoff up to a minute) this long after a message was queued; past
    // it the message fails as an outage and `warhorn outbox redrive` can send it again.
    OUTBOX_RETRY_FOR_MS: z.coerce.number().int().min(1000).max(7 * 24 * 3_600_000).default(6 * 3_600_000),
    // How long a getChatMember answer (admin rights before a privileged action, membership before a claim) is
    // reused; a demotion Telegram tells nobody about takes effect within this. 0 asks Telegram every time.
    TELEGRAM_MEMBER_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    // The EVM chains and tokens the deployment pays in (chains.ts): a JSON file, or the same JSON inline.
    CHAINS_FILE: z.string().min(1).optional(),
    CHAINS: z.string().min(1).optional(),
    // The extended public key group deposit addresses are derived from (deposit-xpub.ts); unset: money is off.
    WALLET_XPUB: z.string().min(1).optional(),
    // The hot wallet withdrawals are paid from (hot-wallet.ts): a private key, or an encrypted JSON keystore
    // and its password. Neither: withdrawals are off. Both secrets are redacted from logs.
    HOT_WALLET_KEY: z.string().min(1).optional(),
    HOT_WALLET_KEYSTORE: z.string().min(1).optional(),
    HOT_WALLET_KEYSTORE_PASSWORD: z.string().min(1).optional(),
    // How often the worker runs a withdrawal pass per chain (sign, broadcast, confirm).
    WITHDRAWAL_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(15_000),
    // X feeds (services/x-feeds): how often the poller looks for due accounts, the bounds of each account's
    // adaptive interval, the deployment's daily cap on what feeds spend on X (US dollars, e.g. 25 or 2.50;
    // 0 stops feeds; unset: no cap), and how many accounts one group may follow.
    FEEDS_POLL_INTERVAL_MS: z.coerce.number().int().min(500).max(3_600_000).default(10_000),
    FEEDS_MIN_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
    FEEDS_MAX_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(1_800_000),
    FEEDS_DAILY_CAP_USD: z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'expects dollars such as 25 or 2.50').optional(),
    FEEDS_MAX_FOLLOWS_PER_GROUP: z.coerce.number().int().min(1).max(1000).default(20),
    // The window of a group's mention cap (mentions.per_hour relays in it, the rest summarised at its end).
    FEEDS_MENTION_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
    // X's recent-search query length on the deployment's plan: 512 characters, 4,096 where the plan allows.
    // Longer queries pack more groups' mention terms into one request.
    X_SEARCH_QUERY_MAX_LENGTH: z.coerce.number().int().min(128).max(4096).default(512),
    // KOL tracking (services/x-feeds/kols): the bounds of each search query's adaptive interval (a read spends
    // the app's recent-search window, 450 requests per 15 minutes shared with mentions and raid validation,
    // and a ranking over days loses nothing to minutes of delay), and how many KOLs one group may track.
    KOLS_MIN_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(120_000),
    KOLS_MAX_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(1_800_000),
    KOLS_MAX_PER_GROUP: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.FEEDS_MIN_INTERVAL_MS > cfg.FEEDS_MAX_INTERVAL_MS) {
      ctx.addIssue({ code: 'custom', path: ['FEEDS_MIN_INTERVAL_MS'], message: 'must not be above FEEDS_MAX_INTERVAL_MS' });
    }
    if (cfg.KOLS_MIN_INTERVAL_MS > cfg.KOLS_MAX_INTERVAL_MS) {
      ctx.addIssue({ code: 'custom', path: ['KOLS_MIN_INTERVAL_MS'], message: 'must not be above KOLS_MAX_INTERVAL_MS' });
    }
    if (cfg.WALLET_XPUB) {
      const xpub = checkDepositXpub(cfg.WALLET_XPUB);
      if (!xpub.ok) ctx.addIssue({ code: 'custom', path: ['WALLET_XPUB'], message: xpub.problem });
    }
    for (const [name, value] of [['TOKEN_ENCRYPTION_KEY', cfg.TOKEN_ENCRYPTION_KEY], ...(cfg.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').filter((v) => v.trim()).map((v) => ['TOKEN_ENCRYPTION_OLD_KEYS', v] as const)] as const) {
      if (value === undefined) continue;
      const parsed = parseTokenKey(value);
      // Never echo the value back: it is a key.
      if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [name], message: parsed.problem });
    }
    if (cfg.TOKEN_ENCRYPTION_OLD_KEYS && !cfg.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is required when TOKEN_ENCRYPTION_OLD_KEYS is set (the key tokens are sealed with now)' });
    }
    if (cfg.HOT_WALLET_KEY) {
      const problem = hotWalletKeyProblem(cfg.HOT_WALLET_KEY);
      if (problem) ctx.addIssue({ code: 'custom', path: ['HOT_WALLET_KEY'], message: problem });
      if (cfg.HOT_WALLET_KEYSTORE) ctx.addIssue({ code: 'custom', path: ['HOT_WALLET_KEYSTORE'], message: 'and HOT_WALLET_KEY are both set: use one' });
    }
    if (cfg.HOT_WALLET_KEYSTORE && !cfg.HOT_WALLET_KEYSTORE_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['HOT_WALLET_KEYSTORE_PASSWORD'], message: 'is required when HOT_WALLET_KEYSTORE is set' });
    }
    if (cfg.X_CLIENT_ID && !cfg.X_CLIENT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['X_CLIENT_SECRET'], message: 'is required when X_CLIENT_ID is set' });
    }
    if (cfg.BOT_MODE === 'webhook') {
      if (!cfg.PUBLIC_URL) {
        ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required when BOT_MODE=webhook' });
      }
      if (!cfg.WEBHOOK_SECRET) {
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when BOT_MODE=webhook' });
      }
      if (!cfg.BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['BOT_TOKEN'], message: 'is required when BOT_MODE=webhook' });
      }
    }
  });

/** The variables as parsed, plus the chains list CHAINS_FILE or CHAINS holds (empty when neither is set). */
export type Config = z.infer<typeof schema> & { chains: ChainConfig[] };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Empty strings count as unset, as in most .env tooling. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  // Read and checked even when a variable above is wrong, so one start names every problem.
  const chains = loadChains({ CHAINS_FILE: cleaned.CHAINS_FILE, CHAINS: cleaned.CHAINS });
  if (parsed.success && chains.ok) return { ...parsed.data, chains: chains.chains };
  throw new ConfigError([
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? 'environment');
          // Never echo the value back: it may be a secret.
          return `${name} ${issue.message.replace(/^Invalid option: expected one of/, 'must be one of')}`;
        })),
    ...(chains.ok ? [] : chains.problems),
  ]);
}

/** The bot id is the numeric part of the token before the colon; it is public (it is the bot's user id). */
export function botIdOf(token: string): number {
  const id = Number(token.split(':')[0]);
  if (!Number.isSafeInteger(id)) throw new Error('bot token has no numeric id');
  return id;
}

/** How the platform talks to Telegram: the schema above makes webhook mode carry its URL and secret. */
export type TelegramConnection = { mode: 'polling' } | { mode: 'webhook'; publicUrl: string; secret: string };

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** The configuration by concern, as the composition root hands it out: each service's part in one place,
 * with what the checks above guarantee written into the types (X is there with its token or not at all;
 * webhook mode has its URL and secret). The variable names stay those of the environment. */
function miniAppEntry(config: Config): { url: string } | null {
  if (config.MINIAPP_URL) return { url: config.MINIAPP_URL };
  return config.PUBLIC_URL?.startsWith('https:') ? { url: new URL('app/', withSlash(config.PUBLIC_URL)).toString() } : null;
}

function hotWalletSource(config: Config): HotWalletSource | null {
  if (config.HOT_WALLET_KEY) return { kind: 'key', privateKey: config.HOT_WALLET_KEY.trim() };
  if (config.HOT_WALLET_KEYSTORE && config.HOT_WALLET_KEYSTORE_PASSWORD) return { kind: 'keystore', path: config.HOT_WALLET_KEYSTORE, password: config.HOT_WALLET_KEYSTORE_PASSWORD };
  return null;
}

/** The token keys (checked by the schema): the current one first. */
function tokenKeysOf(config: Config): { current: TokenKey; older: TokenKey[] } | null {
  if (!config.TOKEN_ENCRYPTION_KEY) return null;
  const key = (text: string) => {
    const parsed = parseTokenKey(text);
    if (!parsed.ok) throw new ConfigError([`TOKEN_ENCRYPTION_KEY ${parsed.problem}`]);
    return parsed.key;
  };
  const older = (config.TOKEN_ENCRYPTION_OLD_KEYS ?? '').split(',').filter((v) => v.trim()).map(key);
  return { current: key(config.TOKEN_ENCRYPTION_KEY), older };
}

export function configByConcern(config: Config) {
  const telegramConnection: TelegramConnection =
    config.BOT_MODE === 'webhook' && config.PUBLIC_URL && config.WEBHOOK_SECRET
      ? { mode: 'webhook', publicUrl: withSlash(config.PUBLIC_URL), secret: config.WEBHOOK_SECRET }
      : { mode: 'polling' };
  if (config.BOT_MODE === 'webhook' && telegramConnection.mode !== 'webhook') throw new ConfigError(['BOT_MODE=webhook needs PUBLIC_URL and WEBHOOK_SECRET']);
  // Where X sends members back; the link's first hop (`start`) sits beside it.
  const xCallbackUrl = config.X_OAUTH_CALLBACK_URL ?? (config.PUBLIC_URL ? new URL('x/oauth/callback', withSlash(config.PUBLIC_URL)).toString() : undefined);
  return {
    database: {
      url: config.DATABASE_URL,
      migrateOnStart: config.MIGRATE_ON_START,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    },
    redis: { url: config.REDIS_URL, prefix: config.REDIS_PREFIX },
    telegram: {
      botToken: config.BOT_TOKEN,
      apiRoot: config.TELEGRAM_API_ROOT,
      connection: telegramConnection,
      memberCacheMs: config.TELEGRAM_MEMBER_CACHE_MS,
    },
    http: { port: config.HTTP_PORT, host: config.HTTP_HOST ?? '0.0.0.0' },
    bots: {
      /** Null without TOKEN_ENCRYPTION_KEY: white-label bots cannot be added. */
      tokenKeys: tokenKeysOf(config),
      cacheSize: config.BOT_CACHE_SIZE,
      reloadMs: config.BOT_REGISTRY_RELOAD_MS,
      pollingMaxBots: config.POLLING_MAX_BOTS,
      perOwner: config.WHITELABEL_BOTS_PER_OWNER,
    },
    /** Where the api role serves the Mini App, for the bots' buttons; null unless PUBLIC_URL is HTTPS (Telegram
     * opens Mini Apps over HTTPS only; a local http sandbox opens them through its launch page instead). */
    miniApp: miniAppEntry(config),
    miniAppApi: {
      initDataMaxAgeS: config.MINIAPP_INIT_DATA_MAX_AGE_S,
      ratePerMinute: config.MINIAPP_RATE_LIMIT_PER_MINUTE,
      // Origins, as the frame-ancestors directive wants them (no path).
      frameAncestors: config.MINIAPP_FRAME_ANCESTORS.map((u) => new URL(u).origin),
    },
    lifecycle: { startupWaitMs: config.STARTUP_WAIT_MS, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
    history: {
      sealIntervalMs: config.HISTORY_SEAL_INTERVAL_MS,
      anchorFile: config.HISTORY_ANCHOR_FILE,
      anchorChatId: config.HISTORY_ANCHOR_CHAT_ID === undefined ? undefined : chatId(config.HISTORY_ANCHOR_CHAT_ID),
      anchorEverySeals: config.HISTORY_ANCHOR_EVERY_SEALS,
      verifyWaitMs: config.HISTORY_VERIFY_WAIT_MS,
    },
    /** Null without X_BEARER_TOKEN: raids and X account linking are off. */
    x: config.X_BEARER_TOKEN
      ? {
          apiRoot: config.X_API_ROOT,
          bearerToken: config.X_BEARER_TOKEN,
          clientId: config.X_CLIENT_ID,
          clientSecret: config.X_CLIENT_SECRET,
          callbackUrl: xCallbackUrl,
          authorizeUrl: config.X_AUTHORIZE_URL,
          prices: { postReadMicros: config.X_PRICE_POST_READ_MICROS, userReadMicros: config.X_PRICE_USER_READ_MICROS },
          maxRateLimitWaitMs: config.X_RATE_LIMIT_MAX_WAIT_MS,
          timeoutMs: config.X_REQUEST_TIMEOUT_MS,
          breaker: { failureThreshold: config.X_CIRCUIT_FAILURES, cooldownMs: config.X_CIRCUIT_COOLDOWN_MS, maxCooldownMs: config.X_CIRCUIT_MAX_COOLDOWN_MS },
          timelineReadsPerRaid: config.X_TIMELINE_READS_PER_RAID,
        }
      : null,
    /** The OAuth callback is served with or without X (it answers that linking is off). */
    xCallbackUrl,
    raids: {
      tickIntervalMs: config.RAID_TICK_INTERVAL_MS,
      sweepIntervalMs: config.RAID_SWEEP_INTERVAL_MS,
      validationGraceMs: config.RAID_VALIDATION_GRACE_MS,
    },
    /** The EVM chains and their tokens (empty: none configured; amounts then use token-amounts.ts' default table). */
    chains: config.chains,
    /** What the message a member signs to link a wallet names: PUBLIC_URL's host (or warhorn.local) and the
     * first configured chain (or 1). */
    walletLink: { publicUrl: config.PUBLIC_URL, chainId: config.chains[0]?.id },
    /** Null without WALLET_XPUB: no deposit addresses, money is off. The key is checked (public, at the
     * documented path) by the schema above. */
    wallet: config.WALLET_XPUB ? { xpub: config.WALLET_XPUB.trim() } : null,
    deposits: { scanIntervalMs: config.DEPOSIT_SCAN_INTERVAL_MS },
    /** Null without HOT_WALLET_KEY or HOT_WALLET_KEYSTORE: withdrawals are off. The key's shape is checked by
     * the schema above; a keystore is decrypted by the composition root (hot-wallet.ts). */
    withdrawals: {
      hotWallet: hotWalletSource(config),
      intervalMs: config.WITHDRAWAL_INTERVAL_MS,
    },
    feeds: {
      pollIntervalMs: config.FEEDS_POLL_INTERVAL_MS,
      minIntervalMs: config.FEEDS_MIN_INTERVAL_MS,
      maxIntervalMs: config.FEEDS_MAX_INTERVAL_MS,
      deploymentCapMicros: config.FEEDS_DAILY_CAP_USD === undefined ? null : dollarsToMicros(config.FEEDS_DAILY_CAP_USD),
      maxFollowsPerGroup: config.FEEDS_MAX_FOLLOWS_PER_GROUP,
      searchQueryMaxLength: config.X_SEARCH_QUERY_MAX_LENGTH,
      mentionWindowMs: config.FEEDS_MENTION_WINDOW_MS,
    },
    kols: { minIntervalMs: config.KOLS_MIN_INTERVAL_MS, maxIntervalMs: config.KOLS_MAX_INTERVAL_MS, maxKolsPerGroup: config.KOLS_MAX_PER_GROUP },
    outbox: {
      dispatchIntervalMs: config.OUTBOX_DISPATCH_INTERVAL_MS,
      retentionDays: config.OUTBOX_RETENTION_DAYS,
      retryForMs: config.OUTBOX_RETRY_FOR_MS,
    },
  };
}
export type Settings = ReturnType<typeof configByConcern>;

/** "2.5" dollars as 2_500_000 micro-dollars, exactly (no float on the way). */
export function dollarsToMicros(dollars: string): bigint {
  const [whole, fraction = ''] = dollars.split('.');
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
}

// `warhorn wallet sweep` only (services/wallet/sweep.ts), on the operator's machine: read by that command
// alone, never part of the server's Config, so a server started with them neither needs nor keeps them.
const sweepSchema = z.object({
  // The extended PRIVATE key at m/44'/60'/0'/0 (checked by services/platform/deposit-xprv.ts where it is
  // used, so --xprv-file and the prompt get the same checks). Secret: in the logger's SECRET_KEYS.
  WALLET_XPRV: z.string().min(1).optional(),
  // The private key of a small account that pays the gas token sweeps need (a deposit address holding only
  // a token has no coin to pay for its transfer). Not the hot wallet's key: see services/wallet/README.md.
  SWEEP_GAS_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex private key').optional(),
  // Where swept funds go when --to is not given: the hot wallet's address (public; its key stays on the worker).
  HOT_WALLET_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an address (0x and 40 hex digits)').optional(),
});
export type SweepConfig = z.infer<typeof sweepSchema>;

/** The sweep command's own variables; problems name the variable and never echo a value. */
export function loadSweepConfig(env: NodeJS.ProcessEnv = process.env): SweepConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = sweepSchema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`));
}
