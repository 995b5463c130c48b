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
import type { ChatId } from '../platform/telegram-ids.js';

// Telegram answering 502 for twenty seconds, as in a real incident: with the default retry budget (hours)
// nothing is lost and each chat still gets its messages in order.
describe('the outbox through a 20-second Telegram outage', () => {
  let db: TestDatabase;
  let r: TestRedis;
  let emu: TelegramEmulator;
  let n: Notifications;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    db = await freshDatabase('outbox_outage');
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

  it('loses no message and keeps each chat in order', async () => {
    const bot = emu.createBot({ username: 'outage_bot' });
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
    const dispatcher = n.startDispatcher({ intervalMs: 50, leaseMs: 10_000 });
    const delivery = n.startDelivery({ concurrency: 10, backoffMs: 500 });
    stops.push(() => dispatcher.stop(), () => delivery.close());
    const chats: ChatId[] = [];
    for (const name of ['ana', 'ben', 'cy']) {
      const user = emu.createUser({ firstName: name });
      await emu.startBot(user.id, bot.id);
      chats.push(cid(user.id));
    }

    emu.injectFault({ botId: bot.id, method: 'sendMessage', status: 502 });
    const ids = await db.dataSource.transaction((tx) =>
      n.enqueueMany(tx, chats.flatMap((chatId) => Array.from({ length: 4 }, (_, k) => ({ botId: bot.id, chatId, method: 'sendMessage' as const, payload: { text: `#${k}` } })))),
    );
    await sleep(20_000);
    emu.clearFaults();

    for (let pending = ids.length; pending > 0; ) {
      await sleep(200);
      [{ pending }] = (await db.dataSource.query(`SELECT count(*)::int AS pending FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'pending'`, [ids])) as [{ pending: number }];
    }
    const states = (await db.dataSource.query(`SELECT state, count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) GROUP BY state`, [ids])) as Array<{ state: string; n: number }>;
    expect(states).toEqual([{ state: 'sent', n: 12 }]);
    for (const chatId of chats) {
      expect(emu.messages({ userId: chatId, botId: bot.id }, { fromBotsOnly: true }).map((m) => m.text)).toEqual(['#0', '#1', '#2', '#3']);
    }
    expect(emu.stats().requests[bot.id]?.sendMessage).toBeGreaterThan(12);
  }, 120_000);
});
