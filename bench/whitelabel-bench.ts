// White-label bots at scale: one platform process (bot + api roles) serving 10,000 registered bots, its
// memory against 512 MB; webhook updates per second spread over 1,000 bots against one bot, same process,
// rounds in turns (load.ts alternate); and the time from whitelabel.register to the new bot's first answer
// to /start, as the emulator sees it. The emulator and the platform each run in a process of their own
// (bench/emulator-process.ts, bench/whitelabel-platform.ts): the memory is the serving process's alone, and
// the registrations, the load generator and Telegram are elsewhere.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../services/platform/database.js';
import { createRedis } from '../services/platform/redis.js';
import { silentLogger } from '../services/platform/logger.js';
import { parseTokenKey, createTokenCipher } from '../services/platform/token-cipher.js';
import { migrations } from '../services/catalog.js';
import { createBotRegistry, DEFAULT_BOT_CACHE_SIZE } from '../services/bot-registry/index.js';
import type { Outcome } from '../services/whitelabel/index.js';
import type { BotProfile } from '../services/bot-registry/index.js';
import type { Role } from '../composition.js';
import { startEmulatorProcess } from './emulator-child.js';
import { alternate, load, type LoadResult } from './load.js';
import type { PlatformMemory, PlatformRequest } from './whitelabel-platform.js';
import { freePort } from './free-port.js';

export const MEMORY_GOAL_MB = 512;
export const FIRST_ANSWER_GOAL_MS = 2000;

export interface WhitelabelBenchResult {
  /** Bots asked for, and bots registered within the time allowed (the rest is extrapolated). */
  botsAsked: number;
  bots: number;
  /** Making the bots in the emulator (it issues the tokens), and registering them: getMe, seal, insert. */
  createSeconds: number;
  registerSeconds: number;
  registerConcurrency: number;
  /** startPlatform with bot + api roles: the bot role sets every bot's webhook and commands before it returns. */
  startSeconds: number;
  /** Bot API calls the emulator answered during that start (they are made one after another). */
  startCalls: number;
  cacheSize: number;
  /** Each phase's peak is its own (reset after the one before): start, the pass over every bot, the rounds. */
  memory: { afterStart: PlatformMemory; afterEveryBot: PlatformMemory; afterSpread: PlatformMemory; peakMb: number; goalMb: number };
  /** One /help to every registered bot through its webhook. */
  everyBot: LoadResult;
  /** Spread over `spreadBots` (full) against a single bot (bare), back to back. */
  spread: { bots: number; full: LoadResult; bare: LoadResult; ratio: number; rounds: number; peakRssMb: { spread: number; single: number } };
  /** The same, spread over more bots than the cache holds (absent with too few bots). */
  beyondCache?: { bots: number; full: LoadResult; bare: LoadResult; ratio: number; rounds: number };
  firstAnswer: { registrations: number; answered: number; medianMs: number; maxMs: number; registerMedianMs: number; goalMs: number };
}

const helpUpdate = (updateId: number, user: number) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: user, type: 'private', first_name: `U${user}` },
    from: { id: user, is_bot: false, first_name: `U${user}` },
    text: '/help',
    entities: [{ type: 'bot_command', offset: 0, length: 5 }],
  },
});

/** Runs `work(i)` for i < total with `concurrency` at once; stops taking new work after `deadline`. */
async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>, deadline = Number.POSITIVE_INFINITY): Promise<number> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() < deadline) {
        await work(next++);
        done++;
      }
    }),
  );
  return done;
}

/** bench/whitelabel-platform.ts in a child process, asked over IPC. */
async function startPlatformProcess() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./whitelabel-platform.js', import.meta.url)), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // For the live heap after a full collection, asked once at the end (never before a peak is measured).
    execArgv: ['--expose-gc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the platform process exited with ${code}`)));
  });
  let ids = 0;
  let peakSeen = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(`platform process: ${m.error}`));
  });
  const ask = <T>(request: PlatformRequest) =>
    new Promise<T>((resolve, reject) => {
      const id = ++ids;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, request });
    });
  return {
    start: (env: Record<string, string>, roles: Role[]) => ask<{ url: string; mainBotId: number; startMs: number }>({ op: 'start', env, roles }),
    memory: async (options: { resetPeak?: boolean; gc?: boolean } = {}) => {
      const memory = await ask<PlatformMemory>({ op: 'memory', ...options });
      peakSeen = Math.max(peakSeen, memory.peakRssMb);
      return memory;
    },
    /** The highest peak any memory() answer reported: the process's peak so far, across resets. */
    peakSeen: () => peakSeen,
    register: (ownerId: number, token: string) => ask<Outcome<BotProfile>>({ op: 'register', input: { ownerId, token } }),
    async close() {
      await ask({ op: 'stop' }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      });
    },
  };
}

interface EmuBot {
  id: number;
  token: string;
}

export async function benchWhitelabel(opts: {
  databaseUrl: string;
  redisUrl: string;
  bots: number;
  spreadBots: number;
  registrations: number;
  /** Registering stops taking new bots after this long; what is missing is extrapolated. */
  registerBudgetMs: number;
  total: number;
  concurrency: number;
  users: number;
  rounds?: number;
}): Promise<WhitelabelBenchResult> {
  const rounds = opts.rounds ?? 7;
  const tag = randomBytes(3).toString('hex');
  const prefix = `{wb-${randomBytes(4).toString('hex')}}`;
  const keyText = `bench:${randomBytes(32).toString('base64')}`;
  const parsedKey = parseTokenKey(keyText);
  if (!parsedKey.ok) throw new Error(parsedKey.problem);
  const registerConcurrency = 32;
  const emu = await startEmulatorProcess();
  const origin = new URL(emu.apiRoot).origin;
  const db: DataSource = await openDatabase({ url: opts.databaseUrl, migrations, migrate: true });
  const redis = createRedis(opts.redisUrl, 'warhorn-bench-wl');
  const subscriber = createRedis(opts.redisUrl, 'warhorn-bench-wl-sub');
  const serving = await startPlatformProcess();
  let worker: Awaited<ReturnType<typeof startPlatformProcess>> | undefined;
  try {
    // The emulator issues the tokens: each bot is a bot Telegram (the emulator) knows, getMe and all.
    const main = await emu.driver<EmuBot>('bots', { username: `wl_main_${tag}_bot` });
    const created: EmuBot[] = new Array(opts.bots);
    const createStarted = performance.now();
    await pool(opts.bots, 32, async (i) => {
      created[i] = await emu.driver<EmuBot>('bots', { username: `wl${i}_${tag}_bot` });
    });
    const createSeconds = (performance.now() - createStarted) / 1000;

    // Registered the way the directory adds a bot (getMe, the id checked, the token sealed under
    // TOKEN_ENCRYPTION_KEY, the row written, announced), from this process before the platform starts: a
    // deployment that restarts with 10,000 bots in its directory. Each with its own webhook secret, kept here
    // to sign the load's requests as Telegram would.
    const registry = await createBotRegistry({
      db, redis, subscriber, prefix, log: silentLogger(), defaultApiRoot: emu.apiRoot,
      cipher: createTokenCipher(parsedKey.key),
    });
    const secrets = new Map<number, string>();
    const registered: number[] = [];
    const registerStarted = performance.now();
    await pool(
      opts.bots,
      registerConcurrency,
      async (i) => {
        const bot = created[i]!;
        const webhookSecret = randomBytes(16).toString('hex');
        await registry.add({ token: bot.token, ownerId: 800_000_000 + i, webhookSecret, mustBeNew: true });
        secrets.set(bot.id, webhookSecret);
        registered.push(bot.id);
      },
      registerStarted + opts.registerBudgetMs,
    );
    const registerSeconds = (performance.now() - registerStarted) / 1000;
    await registry.close();
    const bots = registered.sort((a, b) => a - b);

    // The serving process: bot + api roles, webhook mode, the platform's own HTTP port behind PUBLIC_URL so
    // the emulator's webhook calls (the registrations below) reach it.
    const port = await freePort();
    const cacheSize = DEFAULT_BOT_CACHE_SIZE; // as a deployment leaves it
    const env = {
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl,
      REDIS_PREFIX: prefix,
      BOT_TOKEN: main.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      BOT_MODE: 'webhook',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      TOKEN_ENCRYPTION_KEY: keyText,
      BOT_CACHE_SIZE: String(cacheSize),
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    };
    await emu.driver('stats/reset', {});
    const started = await serving.start(env, ['bot', 'api']);
    const { requests } = (await emu.stats()) as unknown as { requests: Record<string, Record<string, number>> };
    const startCalls = Object.values(requests).reduce((sum, byMethod) => sum + Object.values(byMethod).reduce((a, b) => a + b, 0), 0);
    const afterStart = await serving.memory({ resetPeak: true });

    const url = started.url;
    const headersOf = (botId: number) => ({ 'x-telegram-bot-api-secret-token': secrets.get(botId)! });
    let updateId = 1_000_000;
    const user = (i: number) => 500_000_000 + (i % opts.users);
    // Figure 1: every registered bot gets an update through its own webhook path (resolved from the directory
    // on its first update: the row read, the token opened, its client made, within the cache's bound).
    const everyBot = await load({
      url,
      path: (i) => `/tg/${bots[i]}`,
      headers: (i) => headersOf(bots[i]!),
      body: (i) => helpUpdate(updateId + i, user(i)),
      total: bots.length,
      concurrency: opts.concurrency,
    });
    updateId += bots.length;
    const afterEveryBot = await serving.memory({ resetPeak: true });

    // Figure 2: the same load spread over `spreadBots` bots, or all to one of them, in turns. The single bot
    // is one of the spread, so both fit the cache (BOT_CACHE_SIZE) after the warm-up.
    const spreadIds = bots.slice(0, Math.min(opts.spreadBots, bots.length));
    const single = spreadIds[0]!;
    // Each round's peak RSS, to tell what the spread costs in memory from what any sustained load does.
    const peaks = { spread: 0, single: 0 };
    const round = (pick: (i: number) => number, kind?: keyof typeof peaks) => async () => {
      const base = updateId;
      updateId += opts.total;
      const result = await load({ url, path: (i) => `/tg/${pick(i)}`, headers: (i) => headersOf(pick(i)), body: (i) => helpUpdate(base + i, user(i)), total: opts.total, concurrency: opts.concurrency });
      const { peakRssMb } = await serving.memory({ resetPeak: true });
      if (kind) peaks[kind] = Math.max(peaks[kind], peakRssMb);
      return result;
    };
    const spreadPick = (i: number) => spreadIds[i % spreadIds.length]!;
    await round(spreadPick)();
    await round(() => single)();
    const spread = { bots: spreadIds.length, ...(await alternate(rounds, round(spreadPick, 'spread'), round(() => single, 'single'))), peakRssMb: peaks };
    // More bots busy at once than BOT_CACHE_SIZE keeps: taken in turn, every update finds its bot evicted
    // (least recently used) and reads its row, opens its token and makes its client again.
    const beyondIds = bots.slice(0, Math.min(2 * cacheSize, bots.length));
    const beyond = beyondIds.length > cacheSize
      ? { bots: beyondIds.length, ...(await alternate(3, round((i) => beyondIds[i % beyondIds.length]!), round(() => single))) }
      : undefined;
    // The only forced collection, once every peak is taken: one earlier would hide the garbage a running
    // process carries from one phase into the next (seen: a peak 150 MB lower).
    const afterSpread = await serving.memory({ gc: true });
    const servingPeak = serving.peakSeen();

    // Figure 3: registration to first answer. The answer leaves through the outbox, so a worker process
    // (the worker role, as a deployment runs it) delivers it. The load's /help answers are not Telegram's
    // pace to measure: they are set aside first, or the worker would spend the next minutes sending them.
    await db.query(`UPDATE notifications.outbox SET state = 'superseded', finished_at = now(), last_error = 'bench: set aside' WHERE state = 'pending'`);
    worker = await startPlatformProcess();
    await worker.start({ ...env, HTTP_PORT: '0' }, ['worker']);
    const times: number[] = [];
    const registerTimes: number[] = [];
    let seq = (await feed(origin, 0, 0)).reduce((max, e) => Math.max(max, e.seq), 0);
    for (let r = 0; r < opts.registrations; r++) {
      const bot = await emu.driver<EmuBot>('bots', { username: `wlnew${r}_${tag}_bot` });
      const person = await emu.driver<{ id: number }>('users', { firstName: `Owner${r}` });
      const t0 = performance.now();
      const outcome = await serving.register(person.id, bot.token);
      if (!outcome.ok) throw new Error(`registration refused: ${outcome.refusal} ${outcome.message}`);
      registerTimes.push(performance.now() - t0);
      // The owner opens the new bot and presses Start at once: the update waits at Telegram until the bot
      // role has set the webhook.
      await emu.driver('start', { userId: person.id, botId: bot.id });
      const deadline = t0 + 15_000;
      let answeredAt: number | undefined;
      while (answeredAt === undefined && performance.now() < deadline) {
        const events = await feed(origin, seq, 5);
        for (const e of events) {
          seq = Math.max(seq, e.seq);
          if (e.botId === bot.id && e.chatId === person.id && answeredAt === undefined) answeredAt = performance.now();
        }
      }
      times.push(answeredAt === undefined ? Number.POSITIVE_INFINITY : answeredAt - t0);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

    return {
      botsAsked: opts.bots,
      bots: bots.length,
      createSeconds,
      registerSeconds,
      registerConcurrency,
      startSeconds: started.startMs / 1000,
      startCalls,
      cacheSize,
      memory: { afterStart, afterEveryBot, afterSpread, peakMb: servingPeak, goalMb: MEMORY_GOAL_MB },
      everyBot,
      spread,
      ...(beyond ? { beyondCache: beyond } : {}),
      firstAnswer: {
        registrations: times.length,
        answered: times.filter(Number.isFinite).length,
        medianMs: median(times),
        maxMs: Math.max(...times),
        registerMedianMs: median(registerTimes),
        goalMs: FIRST_ANSWER_GOAL_MS,
      },
    };
  } finally {
    await worker?.close();
    await serving.close();
    await emu.close();
    await redis.eval(`for _, k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, 0, `${prefix}*`).catch(() => undefined);
    redis.disconnect();
    subscriber.disconnect();
    await db.destroy();
  }
}

/** The emulator's feed of bot messages after `after`, long-polled up to `timeoutSec`. */
async function feed(origin: string, after: number, timeoutSec: number): Promise<Array<{ seq: number; botId: number; chatId: number }>> {
  const response = await fetch(`${origin}/driver/events?after=${after}&timeout=${timeoutSec}`);
  const answer = (await response.json()) as { ok: boolean; result: Array<{ seq: number; botId: number; chatId: number }>; error?: string };
  if (!answer.ok) throw new Error(`emulator driver events: ${answer.error}`);
  return answer.result;
}
