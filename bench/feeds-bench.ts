// X feeds at scale, over the X fake on its own clock (services/x-feeds/feeds.test-support.ts: real Postgres
// and Redis, a database and Redis prefix of its own), and their forwards delivered to the Bot API emulator.
//   1. A simulated hour: 1,000 groups, each following 20 of 200 accounts, the poller every 10 s with the
//      default adaptive bounds, after a warm-up hour. X requests, cost and forwards of that hour, against the
//      naive fetch per group per account every 60 s (computed, never run) and X's app rate limit. Plain
//      posts only, followed without replies or reposts.
//   2. 1,000 groups following one account that posts once: the poll queues 1,000 forwards, the real outbox
//      delivers them to the emulator with its flood limits on.
// Prints nothing itself; bench/run.ts prints the figures. Never asserts them.
import { Api } from 'grammy';
import type { DataSource } from 'typeorm';
import { performance } from 'node:perf_hooks';
import { sleep, systemClock } from '../services/platform/clock.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { chatId, type ChatId } from '../services/platform/telegram-ids.js';
import { createNotifications } from '../services/notifications/index.js';
import { upsertGroup } from '../services/groups/group-store.js';
import { upsertFollow } from '../services/x-feeds/follow-store.js';
import { defaultSettings } from '../services/groups/index.js';
import { utcDay } from '../services/x/index.js';
import { PUBLISHED_LIMITS, WINDOW_MS, type XUser } from '../testkit/x/index.js';
import { ADMIN, BOT_ID, startFeedsHarness, type FeedsHarness } from '../services/x-feeds/feeds.test-support.js';
import type { Feeds } from '../services/x-feeds/index.js';
import { startEmulatorProcess } from './emulator-child.js';

const TIMELINE = 'GET /2/users/:id/tweets';
const HOUR_MS = 3_600_000;
/** FEEDS_POLL_INTERVAL_MS, FEEDS_MIN_INTERVAL_MS, FEEDS_MAX_INTERVAL_MS defaults (services/platform/config.ts). */
const POLL_EVERY_MS = 10_000;
const MIN_INTERVAL_MS = 60_000;
const MAX_INTERVAL_MS = 1_800_000;
/** As workers/feed-jobs.ts: passes per job until nothing is due, at most this many. */
const MAX_PASSES_PER_JOB = 20;
/** A fixed simulated morning: warm-up 06:00-07:00 UTC, measured 07:00-08:00, one UTC (billing) day. */
const START = new Date('2026-03-02T06:00:00.000Z');

export interface Tier {
  name: 'hot' | 'medium' | 'quiet';
  accounts: number;
  /** Mean time between posts (a Poisson process per account). */
  meanGapMs: number;
}

export const TIERS: Tier[] = [
  { name: 'hot', accounts: 10, meanGapMs: 2 * 60_000 },
  { name: 'medium', accounts: 40, meanGapMs: 20 * 60_000 },
  { name: 'quiet', accounts: 150, meanGapMs: 8 * HOUR_MS },
];

export interface FeedsHourResult {
  groups: number;
  accounts: number;
  followsPerGroup: number;
  zipfExponent: number;
  /** Groups following each account, most followed first. */
  followers: { max: number; p90: number; median: number; min: number; top10Share: number };
  tiers: Array<{ name: string; accounts: number; meanGapMinutes: number; followers: number; postsInHour: number; polls: number; delayP50Ms: number | null; delayMaxMs: number | null }>;
  requests: number;
  /** From x.usage (feeds' own books), to cross-check the fake's count. */
  requestsBooked: number;
  rateLimited: number;
  costMicros: bigint;
  postsRead: number;
  forwards: number;
  /** Outbox rows of forwards created in the hour (cross-checks `forwards`). */
  outboxForwards: number;
  passes: number;
  wallMs: number;
  /** Real seconds: making the accounts, groups, follows and posts; polling the warm-up hour. */
  setupSeconds: number;
  warmupSeconds: number;
  naive: { requests: number; sharedFixedRequests: number };
  /** X's app limit for GET /2/users/:id/tweets, per 15 minutes and per hour. */
  appLimit: { per15Min: number; perHour: number };
}

export interface FeedsDeliveryResult {
  groups: number;
  queued: number;
  sent: number;
  /** pollDue: the read and the 1,000 forwards queued in one transaction. */
  pollMs: number;
  /** From the poll's start to the last forward sent. */
  seconds: number;
  perSecond: number;
  /** First forward sent to the last: the pacer's own rate. */
  pacedPerSecond: number;
  telegram429s: number;
  acceptedByEmulator: number;
  botLimitPerSecond: number;
}

export interface FeedsBenchResult {
  hour: FeedsHourResult;
  delivery: FeedsDeliveryResult;
}

export async function benchFeeds(opts: { groups?: number; accounts?: number; followsPerGroup?: number; seed?: number; deliveryGroups?: number } = {}): Promise<FeedsBenchResult> {
  const hour = await benchFeedsHour({ groups: opts.groups ?? 1000, accounts: opts.accounts ?? 200, followsPerGroup: opts.followsPerGroup ?? 20, seed: opts.seed ?? 42 });
  const delivery = await benchFeedsDelivery({ groups: opts.deliveryGroups ?? 1000 });
  return { hour, delivery };
}

/** mulberry32: a small seeded PRNG, so every run scripts the same world. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quantile = (sorted: readonly number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : null);

async function benchFeedsHour(opts: { groups: number; accounts: number; followsPerGroup: number; seed: number }): Promise<FeedsHourResult> {
  const setupStarted = performance.now();
  const h = await startFeedsHarness('feeds_bench_hour');
  try {
    const rnd = prng(opts.seed);
    // Groups and follows a little before the simulated morning starts (the fake's clock runs on with real time).
    h.fake.clock.set(new Date(START.getTime() - 15 * 60_000));
    const feeds = h.makeFeeds({ minIntervalMs: MIN_INTERVAL_MS, maxIntervalMs: MAX_INTERVAL_MS });
    const { x } = h.makeX();

    // Popularity: account of rank r (1-based) is drawn with weight 1/r (Zipf, s = 1); each group draws its 20
    // without replacement. Activity tiers are dealt by a seeded shuffle, independent of popularity.
    const zipfExponent = 1;
    const users: XUser[] = Array.from({ length: opts.accounts }, (_, i) => h.fake.createUser({ username: `feed_acct_${i + 1}`, name: `Account ${i + 1}`, followers: 1000 }));
    const weights = users.map((_, i) => 1 / (i + 1) ** zipfExponent);
    const follows: number[][] = [];
    for (let g = 0; g < opts.groups; g++) {
      const picked = new Set<number>();
      while (picked.size < opts.followsPerGroup) {
        let total = 0;
        for (let i = 0; i < weights.length; i++) if (!picked.has(i)) total += weights[i]!;
        let r = rnd() * total;
        for (let i = 0; i < weights.length; i++) {
          if (picked.has(i)) continue;
          r -= weights[i]!;
          if (r <= 0) {
            picked.add(i);
            break;
          }
        }
      }
      follows.push([...picked]);
    }
    const order = users.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const tierOf = new Map<number, Tier>();
    let dealt = 0;
    for (const tier of TIERS) for (let k = 0; k < tier.accounts; k++) tierOf.set(order[dealt++]!, tier);

    const groups: ChatId[] = [];
    for (let g = 0; g < opts.groups; g++) groups.push(await h.group(g + 1));
    // Each account's first follow through feeds.follow (it is looked up on X once, and gets its row); the other
    // 19,800 are the same follow rows written by the store's own upsert, a thousand to a transaction: the
    // setup is not what is measured, and a commit with a history event each would take it minutes here.
    const first = new Set<string>();
    const pairs: Array<[ChatId, number]> = [];
    for (let g = 0; g < opts.groups; g++) for (const a of follows[g]!) pairs.push([groups[g]!, a]);
    const follow = ([group, a]: [ChatId, number]) => feeds.follow({ botId: BOT_ID, chatId: group, actorId: ADMIN }, users[a]!.username, { replies: false, reposts: false });
    const db = h.db.dataSource;
    const rest: Array<[ChatId, number]> = [];
    for (const p of pairs) {
      if (first.has(users[p[1]]!.id)) rest.push(p);
      else {
        first.add(users[p[1]]!.id);
        await follow(p);
      }
    }
    await writeFollows(db, rest.map(([group, a]) => ({ chatId: group, botId: BOT_ID, xUserId: users[a]!.id })), h.fake.clock.now());

    // Two hours of posts scripted ahead (the fake shows each from its time on).
    const postsOf = new Map<string, { tier: Tier; at: number }>();
    const t0 = START.getTime() + 1_000;
    for (const [i, tier] of tierOf) {
      for (let at = t0 + -Math.log(1 - rnd()) * tier.meanGapMs; at < t0 + 2 * HOUR_MS; at += -Math.log(1 - rnd()) * tier.meanGapMs) {
        const post = h.fake.post(users[i]!, `${tier.name} post from ${users[i]!.username} at ${new Date(at).toISOString()}`, { at: new Date(Math.round(at)) });
        postsOf.set(post.id, { tier, at: Math.round(at) });
      }
    }
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    /** The poll job at simulated time `at` (the clock set there, not advanced: a slow pass must not make the
     * next start late or the run depend on this machine's speed). */
    const tick = (at: number) => {
      if (h.fake.clock.now().getTime() < at) h.fake.clock.set(new Date(at));
    };
    const TICKS_PER_HOUR = HOUR_MS / POLL_EVERY_MS;
    const job = async (f: Feeds) => {
      let passes = 0;
      const sum = { posts: 0, forwards: 0, polls: 0 };
      for (let i = 0; i < MAX_PASSES_PER_JOB; i++) {
        const pass = await f.pollDue();
        passes++;
        sum.posts += pass.posts;
        sum.forwards += pass.forwards;
        sum.polls += pass.polled;
        if (pass.paused || pass.polled === 0) break;
      }
      return { passes, ...sum };
    };
    // Warm-up hour: every account starts at the minimum interval; quiet ones back off towards 30 min.
    const warmupStarted = performance.now();
    for (let k = 0; k < TICKS_PER_HOUR; k++) {
      tick(START.getTime() + k * POLL_EVERY_MS);
      await job(feeds);
    }

    const warmupSeconds = (performance.now() - warmupStarted) / 1000;
    const hourStart = new Date(START.getTime() + HOUR_MS);
    const day = utcDay(hourStart);
    const before = { requests: h.count(TIMELINE), spent: await x.spentOn('feeds', day), log: h.fake.requests().length };
    const usageBefore = await x.usage('feeds');
    let passes = 0;
    let postsRead = 0;
    let forwards = 0;
    const started = performance.now();
    for (let k = 0; k < TICKS_PER_HOUR; k++) {
      tick(hourStart.getTime() + k * POLL_EVERY_MS);
      const r = await job(feeds);
      passes += r.passes;
      postsRead += r.posts;
      forwards += r.forwards;
    }
    const wallMs = performance.now() - started;
    const hourEnd = new Date(hourStart.getTime() + HOUR_MS);
    const inHour = h.fake.requests().slice(before.log).filter((r) => r.endpoint === TIMELINE);
    const usageAfter = await x.usage('feeds');
    const booked = (u: typeof usageAfter) => u.rows.filter((r) => r.endpoint.includes('tweets')).reduce((n, r) => n + r.requests, 0);

    const rows: Array<{ post_id: string; queued: Date; n: number }> = await db.query(
      `SELECT split_part(dedupe_key, ':', 3) AS post_id, min(created_at) AS queued, count(*)::int AS n
         FROM notifications.outbox WHERE dedupe_key LIKE 'feed:%' AND created_at >= $1 AND created_at < $2 GROUP BY 1`,
      [hourStart, hourEnd],
    );
    const followerCount = new Map<number, number>();
    for (const f of follows) for (const a of f) followerCount.set(a, (followerCount.get(a) ?? 0) + 1);
    const counts = [...followerCount.values()].sort((a, b) => b - a);
    const totalFollows = counts.reduce((n, c) => n + c, 0);
    const pollsOf = new Map<string, number>();
    for (const r of inHour) {
      const id = /\/users\/(\d+)\/tweets/.exec(r.path)?.[1];
      if (id) pollsOf.set(id, (pollsOf.get(id) ?? 0) + 1);
    }

    const tiers = TIERS.map((tier) => {
      const members = [...tierOf].filter(([, t]) => t === tier).map(([i]) => i);
      const ids = new Set(members.map((i) => users[i]!.id));
      const delays = rows
        .filter((r) => postsOf.get(r.post_id)?.tier === tier)
        .map((r) => new Date(r.queued).getTime() - postsOf.get(r.post_id)!.at)
        .sort((a, b) => a - b);
      return {
        name: tier.name,
        accounts: tier.accounts,
        meanGapMinutes: tier.meanGapMs / 60_000,
        followers: members.reduce((n, i) => n + (followerCount.get(i) ?? 0), 0),
        postsInHour: [...postsOf.values()].filter((p) => p.tier === tier && p.at >= hourStart.getTime() && p.at < hourEnd.getTime()).length,
        polls: [...pollsOf].filter(([id]) => ids.has(id)).reduce((n, [, c]) => n + c, 0),
        delayP50Ms: quantile(delays, 0.5),
        delayMaxMs: delays.at(-1) ?? null,
      };
    });
    const per15Min = PUBLISHED_LIMITS[TIMELINE][0];
    return {
      groups: opts.groups,
      accounts: opts.accounts,
      followsPerGroup: opts.followsPerGroup,
      zipfExponent,
      followers: {
        max: counts[0]!,
        p90: counts[Math.floor(counts.length * 0.1)]!,
        median: counts[Math.floor(counts.length / 2)]!,
        min: counts.at(-1)!,
        top10Share: counts.slice(0, 10).reduce((n, c) => n + c, 0) / totalFollows,
      },
      tiers,
      requests: h.count(TIMELINE) - before.requests,
      requestsBooked: booked(usageAfter) - booked(usageBefore),
      rateLimited: inHour.filter((r) => r.status === 429).length,
      costMicros: (await x.spentOn('feeds', day)) - before.spent,
      postsRead,
      forwards,
      outboxForwards: rows.reduce((n, r) => n + r.n, 0),
      passes,
      wallMs,
      setupSeconds,
      warmupSeconds,
      // Computed, not run: every group reads every account it follows itself, every 60 s; and, between the
      // two, one shared read per account every 60 s without backing off.
      naive: { requests: opts.groups * opts.followsPerGroup * (HOUR_MS / MIN_INTERVAL_MS), sharedFixedRequests: opts.accounts * (HOUR_MS / MIN_INTERVAL_MS) },
      appLimit: { per15Min, perHour: per15Min * (HOUR_MS / WINDOW_MS) },
    };
  } finally {
    await h.close();
  }
}

async function benchFeedsDelivery(opts: { groups: number }): Promise<FeedsDeliveryResult> {
  const botLimitPerSecond = 30;
  const h: FeedsHarness = await startFeedsHarness('feeds_bench_delivery');
  const emu = await startEmulatorProcess();
  let notifications: ReturnType<typeof createNotifications> | undefined;
  try {
    const bot = await emu.driver<{ id: number; token: string }>('bots', { username: `feeds_bench_${Date.now()}_bot` });
    const owner = await emu.driver<{ id: number }>('users', { firstName: 'owner' });
    // The fake's clock a minute behind real time: the forwards it stamps are due at once for an outbox on
    // the system clock, which paces the sends for real.
    h.fake.clock.set(new Date(Date.now() - 60_000));
    const feeds = h.makeFeeds({ minIntervalMs: MIN_INTERVAL_MS, maxIntervalMs: MAX_INTERVAL_MS });
    const account = h.fake.createUser({ username: 'feed_bench_busy', name: 'Busy', followers: 100_000 });
    const db = h.db.dataSource;
    const groups: ChatId[] = [];
    for (let i = 0; i < opts.groups; i++) {
      const chat = await emu.driver<{ id: number }>('groups', { title: `Feeds bench ${i}`, type: 'supergroup', ownerId: owner.id });
      await emu.driver('groups/add-bot', { chatId: chat.id, botId: bot.id, byUserId: owner.id, admin: true });
      const id = chatId(chat.id);
      await upsertGroup(db.manager, { chatId: id, botId: bot.id, title: `Feeds bench ${i}`, type: 'supergroup', botStatus: 'administrator', botRights: {}, addedBy: ADMIN, settings: defaultSettings() });
      groups.push(id);
    }
    await feeds.follow({ botId: bot.id, chatId: groups[0]!, actorId: ADMIN }, account.username, { replies: false, reposts: false });
    await writeFollows(db, groups.slice(1).map((g) => ({ chatId: g, botId: bot.id, xUserId: account.id })), h.fake.clock.now());
    h.fake.clock.advance(1_000);
    h.fake.post(account, 'gm raiders: one post, a thousand groups https://example.com/launch');
    h.fake.clock.advance(1_000);

    notifications = createNotifications({
      clock: systemClock,
      db,
      redis: h.r.redis,
      prefix: h.r.prefix,
      log: silentLogger(),
      metrics: createMetrics({ defaults: false }),
      queueName: `feeds-bench-${Date.now()}`,
      sendApi: async () => new Api(bot.token, { apiRoot: emu.apiRoot, timeoutSeconds: 20 }),
    });
    // The worker's defaults (workers/index.ts, OUTBOX_DISPATCH_INTERVAL_MS).
    const dispatcher = notifications.startDispatcher({ intervalMs: 200 });
    const delivery = notifications.startDelivery({ concurrency: 50 });
    let queued = 0;
    let pollMs = 0;
    const started = performance.now();
    try {
      const pass = await feeds.pollDue();
      pollMs = performance.now() - started;
      queued = pass.forwards;
      for (;;) {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM notifications.outbox WHERE state = 'pending'`);
        if (n === 0) break;
        await sleep(50);
      }
    } finally {
      await dispatcher.stop();
      await delivery.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ sent, span }] = (await db.query(
      `SELECT count(*)::int AS sent, extract(epoch FROM max(finished_at) - min(finished_at))::float8 AS span
         FROM notifications.outbox WHERE state = 'sent' AND dedupe_key LIKE 'feed:%'`,
    )) as [{ sent: number; span: number }];
    const stats = await emu.stats();
    const inGroups = new Set<number>(groups);
    return {
      groups: opts.groups,
      queued,
      sent,
      pollMs,
      seconds,
      perSecond: sent / seconds,
      pacedPerSecond: (sent - 1) / span,
      telegram429s: stats.tooManyRequestsByBot[bot.id] ?? 0,
      acceptedByEmulator: Object.entries(stats.messagesAccepted).filter(([c]) => inGroups.has(Number(c))).reduce((n, [, v]) => n + v, 0),
      botLimitPerSecond,
    };
  } finally {
    await notifications?.close();
    await emu.close();
    await h.close();
  }
}

/** Follow rows as feeds.follow writes them (follow-store's upsert), without its per-follow transaction, limit
 * check and history event: for accounts that already have their row. */
async function writeFollows(db: DataSource, rows: ReadonlyArray<{ chatId: ChatId; botId: number; xUserId: string }>, now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.transaction(async (tx) => {
      for (const r of rows.slice(i, i + 1000)) await upsertFollow(tx, { ...r, replies: false, reposts: false, createdBy: ADMIN, now });
    });
  }
}

