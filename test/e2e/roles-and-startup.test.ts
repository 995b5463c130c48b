import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { startPlatform } from '../../composition.js';
import { loadConfig } from '../../services/platform/config.js';
import { dropDatabase } from '../../services/platform/database.js';
import { silentLogger } from '../../services/platform/logger.js';
import { queueOptions } from '../../services/platform/queues.js';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { eventually, clearPrefix, startTestPlatform, type TestPlatform } from '../support/platform.js';
import { freePort, startTcpProxy } from '../support/tcp-proxy.js';
import { TEST_REDIS_URL } from '../support/redis.js';

// Each role builds what it needs and nothing else, and a start that fails half way leaves nothing open.
describe('what each role builds', () => {
  let t: TestPlatform | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('a worker-only process serves no webhook and handles no updates, but runs the workers', async () => {
    t = await startTestPlatform({ roles: ['worker'] });
    expect(t.platform.runtime).toBeNull();
    const posted = await fetch(`${t.platform.url}/tg/${t.bot.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': t.secret }, body: JSON.stringify({ update_id: 1 }) });
    expect(posted.status).toBe(404);
    expect(await outboxWorkers(t)).not.toHaveLength(0);
  });

  it('an api-only process handles webhooks but starts no workers', async () => {
    t = await startTestPlatform({ roles: ['api'] });
    expect(t.platform.runtime).not.toBeNull();
    const posted = await fetch(`${t.platform.url}/tg/${t.bot.id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'wrong' }, body: JSON.stringify({ update_id: 1 }) });
    expect(posted.status).toBe(401);
    expect(await outboxWorkers(t)).toEqual([]);
  });
});

/** The BullMQ workers that take the outbox queue (BullMQ names each worker's connection after its queue). */
async function outboxWorkers(t: TestPlatform) {
  const queue = new Queue(t.platform.notifications.queueName, queueOptions(t.platform.redis, t.platform.config.REDIS_PREFIX));
  try {
    return await queue.getWorkers();
  } finally {
    await queue.close();
  }
}

describe('a start that fails half way', () => {
  let emulator: TelegramEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('closes the database and the Redis connections it had opened (getMe refused the token)', async () => {
    emulator = await startTelegramEmulator({ floodLimits: false });
    const redisPort = Number(new URL(TEST_REDIS_URL).port || 6379);
    const redisProxy = await startTcpProxy({ host: new URL(TEST_REDIS_URL).hostname, port: redisPort });
    const name = `warhorn_e2e_${randomBytes(5).toString('hex')}`;
    const databaseUrl = `postgres://postgres@127.0.0.1:5432/${name}`;
    const prefix = `{wt-${randomBytes(5).toString('hex')}}`;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      REDIS_PREFIX: prefix,
      // A token the emulator does not know: getMe answers 401 Unauthorized.
      BOT_TOKEN: `424242:${'A'.repeat(35)}`,
      TELEGRAM_API_ROOT: emulator.apiRoot,
      HTTP_PORT: String(await freePort()),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    });
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    try {
      await expect(startPlatform(config, ['bot', 'api', 'worker'], silentLogger())).rejects.toThrow(/401|Unauthorized/);
      // It got as far as opening them: the migrations ran and Redis was connected.
      expect(redisProxy.connections().accepted).toBeGreaterThanOrEqual(2);
      const created = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      expect(created.rowCount).toBe(1);
      await eventually(() => redisProxy.connections().open === 0, 'every Redis connection of the failed start closed');
      const sessions = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
      expect(sessions.rows[0].n).toBe(0);
    } finally {
      await admin.end();
      await redisProxy.close();
      await clearPrefix(prefix);
      await dropDatabase(databaseUrl);
    }
  });
});
