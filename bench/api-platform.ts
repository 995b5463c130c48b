// The platform as the HTTP benches run it: the api role only, in webhook mode, against the emulator, with
// its own Redis prefix, nothing logged. Outbox rows are written, not delivered, so Telegram's pace does not
// enter the figures.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../services/platform/config.js';
import { silentLogger } from '../services/platform/logger.js';
import { startPlatform, type Platform } from '../composition.js';
import type { TelegramEmulator } from '../testkit/telegram/index.js';

export interface BenchPlatform {
  platform: Platform;
  bot: { id: number; token: string; username: string };
  secret: string;
  prefix: string;
  /** Stops the platform and removes its Redis keys. */
  stop(): Promise<void>;
}

export async function startApiPlatform(opts: { emulator: TelegramEmulator; databaseUrl: string; redisUrl: string; botName: string; env?: Record<string, string> }): Promise<BenchPlatform> {
  const bot = opts.emulator.createBot({ username: `${opts.botName}_${randomBytes(3).toString('hex')}_bot` });
  const secret = randomBytes(16).toString('hex');
  const prefix = `{wb-${randomBytes(4).toString('hex')}}`;
  const config = loadConfig({
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: prefix,
    BOT_TOKEN: bot.token,
    TELEGRAM_API_ROOT: opts.emulator.apiRoot,
    BOT_MODE: 'webhook',
    PUBLIC_URL: 'http://127.0.0.1:1',
    WEBHOOK_SECRET: secret,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const platform = await startPlatform(config, ['api'], silentLogger());
  return {
    platform,
    bot,
    secret,
    prefix,
    async stop() {
      await platform.redis.eval(`for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${prefix}*`).catch(() => undefined);
      await platform.stop();
    },
  };
}
