import { Api } from 'grammy';
// Outbox throughput against the Bot API emulator with its flood limits on: how close the pacer gets to the
// per-bot limit without tripping 429s. Prints nothing itself; bench/run.ts (or a caller) prints the figures.
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { sleep, systemClock } from '../services/platform/clock.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { createNotifications, type OutboxMessage } from '../services/notifications/index.js';
import { chatId, type ChatId } from '../services/platform/telegram-ids.js';
import { startEmulatorProcess } from './emulator-child.js';

export interface OutboxBenchResult {
  sent: number;
  seconds: number;
  perSecond: number;
  pacedPerSecond: number;
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
  const emu = await startEmulatorProcess();
  const notifications = createNotifications({
    clock: systemClock,
    db: opts.db,
    redis: opts.redis,
    prefix: opts.prefix,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    queueName: `outbox-bench-${Date.now()}`,
    sendApi: async () => new Api(bot.token, { apiRoot: emu.apiRoot, timeoutSeconds: 20 }),
  });
  const bot = await emu.driver<{ id: number; token: string }>('bots', { username: `outbox_bench_${Date.now()}_bot` });
  try {
    const chats: ChatId[] = [];
    for (let i = 0; i < opts.chats; i++) {
      const user = await emu.driver<{ id: number }>('users', { firstName: `bench${i}` });
      await emu.driver('start', { userId: user.id, botId: bot.id });
      chats.push(chatId(user.id));
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
      // The bench's rows are one run of ids: a range keeps this poll from costing the process it measures.
      const range = [ids.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b)), ids.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b))];
      for (;;) {
        const [{ n }] = await opts.db.query(
          `SELECT count(*)::int AS n FROM notifications.outbox WHERE id BETWEEN $1 AND $2 AND state = 'pending'`,
          range,
        );
        if (n === 0) break;
        await sleep(50);
      }
    } finally {
      await dispatcher.stop();
      await delivery.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ sent, span }] = (await opts.db.query(
      `SELECT count(*)::int AS sent, extract(epoch FROM max(finished_at) - min(finished_at))::float8 AS span
         FROM notifications.outbox WHERE id = ANY($1::bigint[]) AND state = 'sent'`,
      [ids],
    )) as [{ sent: number; span: number }];
    return {
      sent,
      seconds: Math.round(seconds * 100) / 100,
      perSecond: Math.round((sent / seconds) * 10) / 10,
      // The pacer's own rate: from the first message sent to the last, without the start-up before it.
      pacedPerSecond: Math.round(((sent - 1) / span) * 10) / 10,
      botLimitPerSecond,
      telegram429s: (await emu.stats()).tooManyRequestsByBot[bot.id] ?? 0,
    };
  } finally {
    await notifications.close();
    await emu.close();
  }
}

