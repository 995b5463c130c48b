// `npm run bench`: every figure measured in one run on this machine, printed as a table. Never part of
// `npm test`. Uses its own database (dropped at the end) and Redis key prefix.
import 'reflect-metadata';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { dropDatabase, openDatabase } from '../services/platform/database.js';
import { createRedis } from '../services/platform/redis.js';
import { migrations } from '../services/catalog.js';
import { startTelegramEmulator } from '../testkit/telegram/index.js';
import { benchWebhook } from './webhook-bench.js';
import { benchHistory } from './history-bench.js';
import { benchOutbox } from './outbox-bench.js';
import { benchValidation } from './validation-bench.js';
import { benchClaims } from './claims-bench.js';
import { benchMiniApp } from './miniapp-bench.js';
import { benchLedger } from './ledger-bench.js';
import { benchDeposits } from './deposits-bench.js';
import { benchWithdrawals } from './withdrawals-bench.js';
import { benchFeeds } from './feeds-bench.js';
import { benchWhitelabel } from './whitelabel-bench.js';

const DATABASE_ROOT = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

// BENCH_ONLY=outbox,ledger runs only those (the names in runs(...) below); unset: every bench.
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean)) : null;
const runs = (name: string) => ONLY === null || ONLY.has(name);

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const databaseUrl = `${DATABASE_ROOT}/warhorn_bench_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ url: databaseUrl, migrations, migrate: true });
  const redis = createRedis(REDIS_URL, 'warhorn-bench');
  const prefix = `{wb-${randomBytes(4).toString('hex')}}`;
  const emulator = await startTelegramEmulator({ floodLimits: false });
  const rows: Array<[string, string]> = [];
  const print = (label: string, value: string) => {
    rows.push([label, value]);
    console.log(`${label.padEnd(58)} ${value}`);
  };
  console.log(`Warhorn bench — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}\n`);
  try {
    if (runs('webhook')) {
      // Its own database: the outbox rows it writes must not be delivered by the outbox bench below.
      const webhookDb = `${databaseUrl}_wh`;
      const webhook = await benchWebhook({ emulator, databaseUrl: webhookDb, redisUrl: REDIS_URL, total: 2500, concurrency: 32, users: 1000 }).finally(() =>
        dropDatabase(webhookDb),
      );
      print('webhook updates/s, full stack (dedupe, upsert, handler, outbox)', fmt(webhook.full.perSecond));
      print('webhook updates/s, bare grammY webhookCallback, empty handler', fmt(webhook.bare.perSecond));
      print(`full stack / bare grammY (median of ${webhook.rounds} back-to-back pairs)`, `${fmt(webhook.ratio * 100, 1)} %`);
    }

    if (runs('miniapp')) {
      const appDb = `${databaseUrl}_app`;
      const app = await benchMiniApp({ emulator, databaseUrl: appDb, redisUrl: REDIS_URL, users: 200, total: 4000 }).finally(() => dropDatabase(appDb));
      print('Mini App API GET /me req/s, 200 concurrent people (full stack)', fmt(app.full.perSecond));
      print('  bare Fastify route, same JSON; full / bare (median of pairs)', `${fmt(app.bare.perSecond)}; ${fmt(app.ratio * 100, 1)} %`);
      print('  latency p50 / p99 (full stack)', `${fmt(app.full.latency.p50, 1)} ms / ${fmt(app.full.latency.p99, 1)} ms`);
      print('  one initData validation (key kept per bot; derived each time)', `${fmt(app.validationMicros.keyed, 1)} µs; ${fmt(app.validationMicros.fromToken, 1)} µs`);
    }

    if (runs('history')) {
      const history = await benchHistory({ db, durationMs: 10_000, concurrency: 16 });
      print('history appends/s (16 concurrent transactions)', fmt(history.appendsPerSecond));
      print('  the same rows as a raw INSERT/s; history / raw', `${fmt(history.rawInsertsPerSecond)}; ${fmt(history.appendsPerSecond / history.rawInsertsPerSecond, 2)}`);
      print('history sealing lag p50 / p99 (sealer every 100 ms)', `${fmt(history.sealLagP50Ms)} ms / ${fmt(history.sealLagP99Ms)} ms`);
    }

    if (runs('ledger')) {
      const ledger = await benchLedger({ db, durationMs: 4_000, concurrency: 16, rounds: 3 });
      const lat = (r: { p50Ms: number; p99Ms: number }) => `p50 ${fmt(r.p50Ms, 1)} ms, p99 ${fmt(r.p99Ms, 1)} ms`;
      print(`ledger postings/s, 16 writers on distinct accounts (median of ${ledger.rounds})`, `${fmt(ledger.distinct.postingsPerSecond)} (${lat(ledger.distinct)})`);
      print('  16 writers paying out of one shared group balance', `${fmt(ledger.shared.postingsPerSecond)} (${lat(ledger.shared)})`);
    }

    if (runs('deposits')) {
      const deposits = await benchDeposits({ db, blocks: 600, rounds: 3 });
      const scan = (r: typeof deposits.small) => `${fmt(r.blocksPerSecond)} blocks/s, ${r.rpcCalls} RPC calls in ${r.httpRequests} requests`;
      print(`deposit scan, ${deposits.small.blocks} blocks, 10 watched addresses (median of 3)`, scan(deposits.small));
      print('  the same blocks, 10,000 watched addresses', scan(deposits.large));
    }

    if (runs('withdrawals')) {
      const paid = await benchWithdrawals({ db, requests: 200, batchSize: 100 });
      print(`withdrawals paid/min, ${paid.requests} requests, 2 tokens, batches of ${paid.batchSize}`, `${fmt(paid.perMinute)} (${fmt(paid.seconds, 1)} s, ${paid.passes} passes, ${paid.paidOnChain} transfers on chain)`);
    }

    if (runs('validation')) {
      const validation = await benchValidation({ db, redis, prefix, claimants: 10_000, replies: 5_000 });
      const usd = (micros: bigint) => `$${fmt(Number(micros) / 1e6, 2)}`;
      const v = validation;
      print('validation, 10,000 claimants, capped lists: X requests', `${v.xRequests} (${v.engagementRequests} engagement pages, ${v.timelineRequests} timeline reads, ${v.profileRequests} profile reads)`);
      print('  X cost (pay-per-use); of it the timeline reads', `${usd(v.costMicros)}; ${usd(v.timelineCostMicros)}`);
      print('  verdicts: accepted / flagged / rejected', `${v.counts.accepted} / ${v.counts.flagged} / ${v.counts.rejected}`);
      print('  time, peak RSS', `${fmt(v.seconds, 2)} s, ${fmt(v.peakRssMb)} MB`);
    }

    if (runs('claims')) {
      const claimsDb = `${databaseUrl}_claims`;
      const claims = await benchClaims({ databaseUrl: claimsDb, redisUrl: REDIS_URL, members: 1000 }).finally(() => dropDatabase(claimsDb));
      print('1,000 members press "I raided" twice at once (via webhooks)', `${fmt(claims.pressesPerSecond)} presses/s, ${claims.claimsStored} claims stored`);
    }

    if (runs('outbox')) {
      const outbox = await benchOutbox({ db, redis, prefix, messages: 1000, chats: 100 });
      const share = (rate: number) => `${fmt(rate, 1)}/s (${fmt((rate / outbox.botLimitPerSecond) * 100, 1)} % of ${outbox.botLimitPerSecond}/s)`;
      print('outbox, 1,000 msgs to 100 chats, emulator limits: paced rate', share(outbox.pacedPerSecond));
      print('  end to end (enqueue to last sent); 429s from the emulator', `${share(outbox.perSecond)}; ${outbox.telegram429s} × 429`);
    }

    if (runs('feeds')) {
      // Its own databases and Redis prefix (the feeds test harness), on the X fake's clock.
      const { hour: f, delivery: d } = await benchFeeds();
      const usd = (micros: bigint | number) => `$${fmt(Number(micros) / 1e6, 2)}`;
      const fits = (perHour: number) => `${fmt((perHour / f.appLimit.perHour) * 100, perHour < f.appLimit.perHour ? 1 : 0)} % of X's app limit: ${perHour <= f.appLimit.perHour ? 'fits' : 'does not fit'}`;
      const g = fmt(f.groups);
      print(`feeds: X requests per hour, ${g} groups × ${f.followsPerGroup} of ${f.accounts} accounts`, `${fmt(f.requests)} (${fits(f.requests)}; ${f.rateLimited} × 429)${f.requestsBooked === f.requests ? '' : `; x.usage books ${fmt(f.requestsBooked)}`}`);
      print('  follows: Zipf s=1 popularity, groups per account max/p90/median/min', `${f.followers.max} / ${f.followers.p90} / ${f.followers.median} / ${f.followers.min} (top 10 accounts: ${fmt(f.followers.top10Share * 100, 1)} % of follows)`);
      for (const t of f.tiers) {
        const delay = t.delayP50Ms === null ? 'no posts' : `post to queued p50 ${fmt(t.delayP50Ms / 1000)} s, max ${fmt(t.delayMaxMs! / 1000)} s`;
        print(`  ${t.accounts} ${t.name} accounts (a post every ~${t.meanGapMinutes < 60 ? `${t.meanGapMinutes} min` : `${t.meanGapMinutes / 60} h`}): reads, posts`, `${fmt(t.polls)} reads, ${t.postsInHour} posts, ${fmt(t.followers)} follows; ${delay}`);
      }
      print('  X cost per hour (pay-per-use, posts billed once per UTC day)', `${usd(f.costMicros)} (${fmt(f.postsRead)} posts read)`);
      print('  forwards queued per hour; forwards per X request', `${fmt(f.forwards)} (avg ${fmt(f.forwards / 3600, 1)}/s, one bot's limit 30/s)${f.outboxForwards === f.forwards ? '' : ` (${fmt(f.outboxForwards)} outbox rows)`}; ${fmt(f.forwards / f.requests, 1)}`);
      print('  naive: each group reads each account every 60 s (computed)', `${fmt(f.naive.requests)} requests/h (${fits(f.naive.requests)}), ${usd(f.costMicros)}/h: the same posts, the same bill`);
      print('  one shared read per account every 60 s, no back-off (computed)', `${fmt(f.naive.sharedFixedRequests)} requests/h (${fits(f.naive.sharedFixedRequests)})`);
      print("  X app limit, GET /2/users/:id/tweets (the fake's default)", `${fmt(f.appLimit.per15Min)} / 15 min = ${fmt(f.appLimit.perHour)} / h`);
      print(`  wall time of the simulated hour's polling (${fmt(f.passes)} passes)`, `${fmt(f.wallMs)} ms (setup ${fmt(f.setupSeconds, 1)} s, warm-up hour ${fmt(f.warmupSeconds, 1)} s)`);
      const rate = (r: number) => `${fmt(r, 1)}/s (${fmt((r / d.botLimitPerSecond) * 100, 1)} % of ${d.botLimitPerSecond}/s bot-wide)`;
      print(`feeds: 1 post into ${fmt(d.groups)} groups, outbox to emulator: end to end`, `${rate(d.perSecond)}; ${d.sent} of ${d.queued} sent in ${fmt(d.seconds, 1)} s (${d.acceptedByEmulator} in the emulator's groups)`);
      print('  paced rate (first to last sent); 429s from the emulator', `${rate(d.pacedPerSecond)}; ${d.telegram429s} × 429`);
      print(`  the poll: one X read, ${fmt(d.queued)} forwards queued in one transaction`, `${fmt(d.pollMs)} ms`);
    }

    if (runs('whitelabel')) {
      // Its own database; the emulator and the serving platform each in a child process (whitelabel-bench.ts).
      const wlDb = `${databaseUrl}_wl`;
      const wl = await benchWhitelabel({ databaseUrl: wlDb, redisUrl: REDIS_URL, bots: Number(process.env.BENCH_WHITELABEL_BOTS ?? 10_000), spreadBots: 1000, registrations: 20, registerBudgetMs: 60_000, total: 2500, concurrency: 32, users: 1000 }).finally(() =>
        dropDatabase(wlDb),
      );
      const m = wl.memory;
      const goal = (mb: number) => `${fmt(mb)} MB (goal ${fmt(m.goalMb)} MB: ${mb <= m.goalMb ? 'met' : 'missed'})`;
      const scale = wl.bots < wl.botsAsked ? ` — only ${fmt(wl.bots)} of ${fmt(wl.botsAsked)} registered in time` : '';
      print(`white-label: ${fmt(wl.bots)} bots served by one process (bot + api), peak RSS`, `${goal(m.peakMb)}${scale}`);
      print(`  RSS after start; after one update to each bot; after the rounds below`, `${fmt(m.afterStart.rssMb)}; ${fmt(m.afterEveryBot.rssMb)}; ${fmt(m.afterSpread.rssMb)} MB`);
      print('  heap used after the rounds; live after a full collection', `${fmt(m.afterSpread.heapUsedMb)} MB; ${m.afterSpread.liveHeapMb === undefined ? '?' : fmt(m.afterSpread.liveHeapMb)} MB`);
      print(`  peak RSS: start; the pass over every bot; rounds spread / one bot`, `${fmt(m.afterStart.peakRssMb)}; ${fmt(m.afterEveryBot.peakRssMb)}; ${fmt(wl.spread.peakRssMb.spread)} / ${fmt(wl.spread.peakRssMb.single)} MB`);
      if (wl.bots < wl.botsAsked) {
        print(`  EXTRAPOLATED to ${fmt(wl.botsAsked)} bots (upper bound: peak × asked / registered)`, `${fmt((m.peakMb * wl.botsAsked) / wl.bots)} MB`);
      }
      print(`  one /help to each of the ${fmt(wl.bots)} bots via its webhook`, `${fmt(wl.everyBot.perSecond)} updates/s (${fmt(wl.everyBot.seconds, 1)} s, BOT_CACHE_SIZE ${fmt(wl.cacheSize)}, statuses ${JSON.stringify(wl.everyBot.statuses)})`);
      print(`  setup: bots made in the emulator; registered (getMe, sealed, stored)`, `${fmt(wl.createSeconds, 1)} s; ${fmt(wl.registerSeconds, 1)} s (${fmt(wl.bots / wl.registerSeconds)}/s, ${wl.registerConcurrency} at once)`);
      print(`  platform start with ${fmt(wl.bots)} bots (the main bot connected; added bots connect in the background)`, `${fmt(wl.startSeconds, 1)} s (${fmt(wl.startCalls)} Bot API calls before it served)`);
      const s = wl.spread;
      print(`white-label: webhook updates/s spread over ${fmt(s.bots)} bots (full stack)`, fmt(s.full.perSecond));
      print(`  all to one bot, same process; spread / one (median of ${s.rounds} pairs)`, `${fmt(s.bare.perSecond)}; ${fmt(s.ratio * 100, 1)} %`);
      const b = wl.beyondCache;
      if (b) print(`  spread over ${fmt(b.bots)} bots (> BOT_CACHE_SIZE: each update resolves its bot); / one`, `${fmt(b.full.perSecond)}; ${fmt(b.ratio * 100, 1)} % (median of ${b.rounds} pairs)`);
      const f = wl.firstAnswer;
      const answered = f.answered < f.registrations ? ` — ${f.registrations - f.answered} never answered within 15 s` : '';
      print(`white-label: register → first answer to /start, ${f.registrations} bots: median / max`, `${fmt(f.medianMs)} ms / ${fmt(f.maxMs)} ms (goal < ${fmt(f.goalMs)} ms: ${f.maxMs < f.goalMs ? 'met' : 'missed'})${answered}`);
      print('  of it whitelabel.register itself (getMe, seal, store, history), median', `${fmt(f.registerMedianMs, 1)} ms`);
    }
  } finally {
    await emulator.close();
    redis.disconnect();
    await db.destroy();
    await dropDatabase(databaseUrl);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
