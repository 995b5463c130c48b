import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, type TelegramEmulator } from '../../testkit/telegram/index.js';
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { sleep, systemClock } from '../platform/clock.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createNotifications, type Notifications } from './index.js';
import { cid } from '../platform/telegram-ids.test-support.js';

// What a member sees in one chat, when Telegram throws 429s and 5xx at random: every message, once, in the
// order the changes behind them committed. The emulator's flood model is off here (its own test file covers
// pacing); the 429s are injected, and the chat's pacing is loosened so fifty messages take seconds, not a minute.
describe('messages to one chat', () => {
  let db: TestDatabase;
  let r: TestRedis;
  let emu: TelegramEmulator;
  let n: Notifications;
  let stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    db = await freshDatabase('outbox_order');
    r = await freshRedis();
    emu = await startTelegramEmulator({ floodLimits: false });
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await n?.close();
    await emu?.close();
    await r?.cleanup();
    await db?.drop();
  });

  it('arrive in commit order through random 429s and 5xx, each once', async () => {
    const bot = emu.createBot({ username: 'ordered_bot' });
    const user = emu.createUser({ firstName: 'Orla' });
    await emu.startBot(user.id, bot.id);
    n = createNotifications({
      clock: systemClock,
      db: db.dataSource,
      redis: r.redis,
      prefix: r.prefix,
      log: silentLogger(),
      metrics: createMetrics({ defaults: false }),
      sendApi: async () => new Api(bot.token, { apiRoot: emu.apiRoot, timeoutSeconds: 20 }),
      limits: { chat: { limit: 20, windowMs: 1000, burst: 1 } },
    });
    const dispatcher = n.startDispatcher({ intervalMs: 25, leaseMs: 5000 });
    const delivery = n.startDelivery({ concurrency: 20, backoffMs: 50 });
    stops = [() => dispatcher.stop(), () => delivery.close()];
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 429, retryAfter: 1, probability: 0.15, seed: 7 });
    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 502, probability: 0.2, seed: 11 });

    // Fifty changes commit concurrently; each queues its message and then holds the chat's lane a moment, so
    // later ones queue up behind it. Their commit order is the order in which their enqueue returned.
    const committed: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.dataSource.transaction(async (tx) => {
          const id = await n.enqueue(tx, { botId: bot.id, chatId: cid(user.id), method: 'sendMessage', payload: { text: `message ${i}` } });
          committed.push(i);
          await sleep(i % 5);
          return id;
        }),
      ),
    );
    for (let pending = ids.length; pending > 0; ) {
      await sleep(100);
      [{ pending }] = (await db.dataSource.query(
        `SELECT count(*)::int AS pending FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'pending'`,
        [ids],
      )) as [{ pending: number }];
    }

    const shown = emu.messages({ userId: user.id, botId: bot.id }, { fromBotsOnly: true }).map((m) => m.text);
    expect(shown).toEqual(committed.map((i) => `message ${i}`));
    const stats = emu.stats();
    // The faults did happen, and each refused call was tried again.
    expect(stats.tooManyRequestsByBot[bot.id] ?? 0).toBeGreaterThan(0);
    expect(stats.requests[bot.id]?.sendMessage).toBeGreaterThan(55);
  }, 120_000);
});
