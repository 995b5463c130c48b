import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../services/platform/config.js';
import { dropDatabase } from '../../services/platform/database.js';
import { silentLogger, type Logger } from '../../services/platform/logger.js';
import { startPlatform, type Platform, type Role } from '../../composition.js';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import { Agent } from 'node:https';
import { freePort } from './tcp-proxy.js';
import { TEST_REDIS_URL, deleteKeysWithPrefix } from './redis.js';
import { createRedis } from '../../services/platform/redis.js';

export interface TestPlatform {
  emulator: TelegramEmulator;
  /** The X API fake the platform reads from. */
  x: XFake;
  bot: { id: number; token: string; username: string };
  platform: Platform;
  secret: string;
  stop(): Promise<void>;
}

/** The whole platform in this process, talking to a fresh Telegram emulator over HTTP, with its own
 * database and Redis prefix. Webhook mode by default: the emulator posts updates to our api role. */
export async function startTestPlatform(
  options: {
    mode?: 'webhook' | 'polling';
    roles?: Role[];
    floodLimits?: boolean;
    databaseUrl?: string;
    emulator?: TelegramEmulator;
    /** Extra environment, e.g. RAID_VALIDATION_GRACE_MS. */
    env?: Record<string, string>;
    /** A Redis prefix to share with an earlier platform; its keys are then left for the caller to clear. */
    redisPrefix?: string;
    /** An earlier platform's X fake and bot, for a second process of the same deployment (left open at stop). */
    x?: XFake;
    bot?: { id: number; token: string; username: string };
    /** Where the platform logs (silent by default); tests that read the log lines pass their own. */
    logger?: Logger;
  } = {},
): Promise<TestPlatform> {
  const emulator = options.emulator ?? (await startTelegramEmulator({ floodLimits: options.floodLimits ?? false }));
  const x = options.x ?? (await startXFake({ rateLimits: false }));
  const bot = options.bot ?? emulator.createBot({ username: `warhorn_${randomBytes(3).toString('hex')}_bot`, firstName: 'Warhorn Test' });
  const port = await freePort();
  const secret = randomBytes(24).toString('base64url');
  const name = `warhorn_e2e_${randomBytes(5).toString('hex')}`;
  const databaseUrl = options.databaseUrl ?? `postgres://postgres@127.0.0.1:5432/${name}`;
  const prefix = options.redisPrefix ?? `{wt-${randomBytes(5).toString('hex')}}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    BOT_MODE: options.mode ?? 'webhook',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: secret,
    // A key per run: white-label bots' tokens are sealed with it.
    TOKEN_ENCRYPTION_KEY: `t${randomBytes(3).toString('hex')}:${randomBytes(32).toString('base64')}`,
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    HISTORY_SEAL_INTERVAL_MS: '200',
    OUTBOX_DISPATCH_INTERVAL_MS: '25',
    X_API_ROOT: x.apiRoot,
    X_BEARER_TOKEN: x.bearerToken,
    X_CLIENT_ID: x.clientId,
    X_CLIENT_SECRET: x.clientSecret,
    RAID_TICK_INTERVAL_MS: '1000',
    RAID_VALIDATION_GRACE_MS: '1000',
    // The emulator's Telegram Web page frames the Mini App in browser tests.
    MINIAPP_FRAME_ANCESTORS: emulator.apiRoot,
    ...options.env,
  });
  const platform = await startPlatform(config, options.roles ?? ['bot', 'api', 'worker'], options.logger ?? silentLogger(), {
    xHttpsAgent: new Agent({ ca: x.ca, keepAlive: true }),
  });
  return {
    emulator,
    x,
    bot,
    platform,
    secret,
    async stop() {
      await platform.stop();
      if (!options.x) await x.close();
      if (!options.emulator) await emulator.close();
      if (!options.redisPrefix) await clearPrefix(prefix);
      if (!options.databaseUrl) await dropDatabase(databaseUrl);
    },
  };
}

/** Polls until `probe` returns a value (not undefined, null or false) or the time is up; for eventually-true facts. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function clearPrefix(prefix: string): Promise<void> {
  const redis = createRedis(TEST_REDIS_URL, 'warhorn-test-cleanup');
  try {
    await deleteKeysWithPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Reads what the platform's bot sends members in private, each message once: `botSays` waits for the next
 * matching message after the ones already read in that chat (message ids count per chat). */
export function privateChats(t: Pick<TestPlatform, 'emulator' | 'bot'>) {
  const seen = new Map<number, number>();
  const dm = (userId: number) => ({ userId, botId: t.bot.id });
  async function botSays(userId: number, pattern: RegExp) {
    const after = seen.get(userId) ?? 0;
    const message = await t.emulator.waitForMessage(dm(userId), (m) => m.from?.id === t.bot.id && m.message_id > after && pattern.test(m.text ?? ''), 15_000);
    seen.set(userId, message.message_id);
    return message;
  }
  return { dm, botSays };
}
