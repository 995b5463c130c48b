// Outbox throughput against the Bot API emulator with its flood limits on: how close the pacer gets to the
// per-bot limit without tripping 429s. Prints nothing itself; bench/run.ts (or a caller) prints the figures.
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { startTelegramEmulator } from '../testkit/telegram/index.js';
import { sleep } from '../services/platform/clock.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { createNotifications, type OutboxMessage } from '../services/notifications/index.js';

export interface OutboxBenchResult {
  sent: number;
  seconds: number;
  perSecond: number;
  botLimitPerSecond: number;
  telegram429s: number;
}

/** Needs a migrated DataSource (notifications.outbox) and a Redis with `maxRetriesPerRequest: null`. */
export async function benchOutbox(opts: {
  db: DataSource;
  redis: Redis;
  prefix: string;
  messages: number;
  chats: number;
}): Promise<OutboxBenchResult> {
  const botLimitPerSecond = 30;
  const emu = await startTelegramEmulator({ floodLimits: true });
  const notifications = createNotifications({
    db: opts.db,
    redis: opts.redis,
    prefix: opts.prefix,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    queueName: `outbox-bench-${Date.now()}`,
    resolveBot: async () => ({ token: bot.token, apiRoot: emu.apiRoot }),
  });
  const bot = await emu.createBot({ username: `outbox_bench_${Date.now()}_bot` });
  try {
    const chats: number[] = [];
    for (let i = 0; i < opts.chats; i++) {
      const user = await emu.createUser({ firstName: `bench${i}` });
      await emu.startBot(user.id, bot.id);
      chats.push(user.id);
    }
    const messages: OutboxMessage[] = Array.from({ length: opts.messages }, (_, i) => ({
      botId: bot.id,
      chatId: chats[i % chats.length]!,
      method: 'sendMessage',
      payload: { text: `bench message ${i}` },
    }));

    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < messages.length; i += 500) {
      ids.push(...(await opts.db.transaction((tx) => notifications.enqueueMany(tx, messages.slice(i, i + 500)))));
    }
    const dispatcher = notifications.startDispatcher({ intervalMs: 50 });
    const delivery = notifications.startDelivery({ concurrency: 50 });
    try {
      for (;;) {
        const [{ n }] = await opts.db.query(
          `SELECT count(*)::int AS n FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'pending'`,
          [ids],
        );
        if (n === 0) break;
        await sleep(50);
      }
    } finally {
      await dispatcher.stop();
      await delivery.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ sent }] = await opts.db.query(
      `SELECT count(*)::int AS sent FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'sent'`,
      [ids],
    );
    return {
      sent,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round((sent / seconds) * 10) / 10,
      botLimitPerSecond,
      telegram429s: emu.stats().tooManyRequestsByBot[bot.id] ?? 0,
    };
  } finally {
    await notifications.close();
    await emu.close();
  }
}
