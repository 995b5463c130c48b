// The Mini App's API on an authenticated read: `GET /api/v1/me` for 200 people at once through the full
// stack (initData checked against the bot's token from the bot directory, the user touched, the rate limit
// on Redis, the reads, the response schema), against a bare Fastify route answering the same JSON. And the
// cost of one initData validation on its own.
import Fastify from 'fastify';
import type { TelegramEmulator } from '../testkit/telegram/index.js';
import { signInitData } from '../testkit/telegram/init-data.js';
import { checkInitData, initDataKey } from '../miniapp/api/v1/init-data.js';
import { startApiPlatform } from './api-platform.js';
import { alternate, load, type LoadResult } from './load.js';

export interface MiniAppBenchResult {
  full: LoadResult;
  bare: LoadResult;
  ratio: number;
  rounds: number;
  /** Microseconds per initData check, the bot's key already derived (as the API keeps it) and not. */
  validationMicros: { keyed: number; fromToken: number };
}

function validationCost(token: string): MiniAppBenchResult['validationMicros'] {
  const samples = Array.from({ length: 200 }, (_, i) => signInitData(token, { user: { id: 600_000_000 + i, first_name: `U${i}` } }));
  const key = initDataKey(token);
  const time = (each: (raw: string) => unknown, n = 20_000) => {
    for (let i = 0; i < 2000; i++) each(samples[i % samples.length]!);
    const started = performance.now();
    for (let i = 0; i < n; i++) each(samples[i % samples.length]!);
    return ((performance.now() - started) * 1000) / n;
  };
  const keyed = time((raw) => checkInitData(raw, key, 3600));
  const fromToken = time((raw) => checkInitData(raw, initDataKey(token), 3600));
  return { keyed, fromToken };
}

export async function benchMiniApp(opts: { emulator: TelegramEmulator; databaseUrl: string; redisUrl: string; users: number; total: number; rounds?: number }): Promise<MiniAppBenchResult> {
  const rounds = opts.rounds ?? 7;
  // The figure is the API's cost, not the limiter's refusals: every request is counted, none refused.
  const { platform, bot, stop } = await startApiPlatform({ emulator: opts.emulator, databaseUrl: opts.databaseUrl, redisUrl: opts.redisUrl, botName: 'bench_app', env: { MINIAPP_RATE_LIMIT_PER_MINUTE: '100000' } });
  const people = Array.from({ length: opts.users }, (_, i) => ({ id: 700_000_000 + i, first_name: `Member ${i}` }));
  const auth = people.map((user) => ({ authorization: `tma ${signInitData(bot.token, { user })}`, 'x-warhorn-bot': String(bot.id) }));
  const meUrl = `${platform.url}/api/v1/me`;
  const bare = Fastify();
  try {
    // The bare route answers what /me answers, so both write the same bytes.
    const sample = await (await fetch(meUrl, { headers: auth[0]! })).json();
    bare.get('/me', async () => sample);
    const bareUrl = `${await bare.listen({ port: 0, host: '127.0.0.1' })}/me`;
    const round = (url: string) => () => load({ url, headers: (i) => auth[i % auth.length]!, total: opts.total, concurrency: opts.users });
    // Warm-up: every person registered, the keys derived, both servers' code paths compiled.
    await round(meUrl)();
    await round(bareUrl)();
    const measured = await alternate(rounds, round(meUrl), round(bareUrl));
    return { ...measured, validationMicros: validationCost(bot.token) };
  } finally {
    await bare.close();
    await stop();
  }
}
