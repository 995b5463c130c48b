// Webhook updates per second through the full stack (secret check, dedupe in Redis, user upsert in Postgres,
// the /help handler, an outbox row) against a bare grammY webhookCallback with an empty handler, measured
// one after the other on this machine with the same load generator.
import Fastify from 'fastify';
import { Bot, webhookCallback } from 'grammy';
import type { TelegramEmulator } from '../testkit/telegram/index.js';
import { startApiPlatform } from './api-platform.js';
import { alternate, load, type LoadResult } from './load.js';

const helpUpdate = (i: number, users: number) => {
  const user = 500_000_000 + (i % users);
  return {
    update_id: 1_000_000 + i,
    message: {
      message_id: i + 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user, type: 'private', first_name: `U${user}` },
      from: { id: user, is_bot: false, first_name: `U${user}` },
      text: '/help',
      entities: [{ type: 'bot_command', offset: 0, length: 5 }],
    },
  };
};

export interface WebhookBenchResult {
  /** The median round of each. */
  full: LoadResult;
  bare: LoadResult;
  /** The median of full / bare over pairs of rounds run back to back. */
  ratio: number;
  rounds: number;
}

/** Full stack and bare grammY take turns in short rounds, and each full round is compared with the bare
 * round right after it (load.ts alternate says why). */
export async function benchWebhook(opts: { emulator: TelegramEmulator; databaseUrl: string; redisUrl: string; total: number; concurrency: number; users: number; rounds?: number }): Promise<WebhookBenchResult> {
  const rounds = opts.rounds ?? 9;
  const { platform, bot, secret, stop } = await startApiPlatform({ emulator: opts.emulator, databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl, botName: 'bench' });
  const bare = new Bot(bot.token, { botInfo: { id: bot.id, is_bot: true, first_name: 'bench', username: bot.username } as never, client: { apiRoot: opts.emulator.apiRoot } });
  bare.use(() => undefined);
  const app = Fastify();
  app.post('/tg', webhookCallback(bare, 'fastify', { secretToken: secret }));
  const bareUrl = `${await app.listen({ port: 0, host: '127.0.0.1' })}/tg`;
  const headers = { 'x-telegram-bot-api-secret-token': secret };
  try {
    // Warm-up registers the users, so the measured rounds are the steady state of returning members.
    await load({ url: `${platform.url}/tg/${bot.id}`, headers, body: (i) => helpUpdate(10_000_000 + i, opts.users), total: opts.users, concurrency: opts.concurrency });
    await load({ url: bareUrl, headers, body: (i) => helpUpdate(i, opts.users), total: opts.users, concurrency: opts.concurrency });
    const round = (url: string) => (r: number) => load({ url, headers, body: (i) => helpUpdate(r * opts.total + i, opts.users), total: opts.total, concurrency: opts.concurrency });
    return await alternate(rounds, round(`${platform.url}/tg/${bot.id}`), round(bareUrl));
  } finally {
    await app.close();
    await stop();
  }
}
