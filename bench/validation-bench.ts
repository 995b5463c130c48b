// Validation of one big raid on a busy post against the X fake (rate limits off): X requests, their cost,
// time and memory. The lists are capped as on a real busy post: 250 reposters of whom X shows 100, likes
// private. Half the claimants replied (X's search shows them all); 150 more only reposted and liked; the
// rest pressed "I raided" and did nothing. The figures to watch: requests follow the engagement, plus at
// most the timeline budget for claims resting on self-report alone, never the claimant count.
import https from 'node:https';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { startXFake } from '../testkit/x/index.js';
import { buildValidation, ensureValidationSchema, totalRequests } from '../services/validation/validation.test-support.js';
import { insertClaims, insertRaid, type ClaimInput } from '../services/raids/raids.test-support.js';

export interface ValidationBenchResult {
  claimants: number;
  xRequests: number;
  /** Of xRequests: replies, quotes, reposters and likers pages (they grow with the engagement). */
  engagementRequests: number;
  /** Of xRequests: GET /2/users/:id/tweets, one per claim resting on self-report alone, up to the budget. */
  timelineRequests: number;
  /** Of xRequests: GET /2/users, profiles of verified claimants X described nowhere else. */
  profileRequests: number;
  /** What X bills for it, pay-per-use prices (integer micro-dollars), and the part the timeline reads cost. */
  costMicros: bigint;
  timelineCostMicros: bigint;
  counts: { accepted: number; flagged: number; rejected: number };
  seconds: number;
  peakRssMb: number;
}

const MIN = 60_000;

/** Needs a migrated DataSource (raids, x, history, notifications); applies the validation migration if missing. */
export async function benchValidation(opts: { db: DataSource; redis: Redis; prefix: string; claimants: number; replies: number }): Promise<ValidationBenchResult> {
  await ensureValidationSchema(opts.db);
  const fake = await startXFake({ rateLimits: false });
  const agent = new https.Agent({ ca: fake.ca, keepAlive: true });
  try {
    const { validation, x } = buildValidation(opts.db, opts.redis, `${opts.prefix}:vb`, fake, agent);
    const now = fake.clock.now().getTime();
    const start = new Date(now - 60 * MIN);
    const author = fake.createUser({ username: 'bench_project', createdAt: new Date('2019-01-01'), followers: 10_000 });
    const post = fake.post(author.id, 'Raid this', { at: new Date(start.getTime() - MIN) });
    const claims: ClaimInput[] = [];
    const claimedAt = new Date(start.getTime() + 30 * MIN);
    // Reposts and likes from the last 100 repliers and the next 150 claimants: 250 reposters, 100 shown.
    const engaged = (i: number) => i >= opts.replies - 100 && i < opts.replies + 150;
    for (let i = 0; i < opts.claimants; i++) {
      const u = fake.createUser({ username: `vb${i}`, createdAt: new Date('2020-01-01'), followers: 100 + (i % 50) });
      if (i < opts.replies) {
        // Distinct texts: the near-duplicate index sees realistic variety, not one giant copy cluster.
        fake.reply(u.id, post.id, `reply ${i}: ${(i * 7919).toString(36)} thoughts on ${(i * 104729).toString(36)} and ${(i % 97).toString(36)}`, {
          at: new Date(start.getTime() + MIN + (i % 1000) * 1000),
        });
      }
      if (engaged(i)) {
        fake.repost(u.id, post.id, { at: new Date(start.getTime() + 2 * MIN + i * 10) });
        fake.like(u.id, post.id, { at: new Date(start.getTime() + 2 * MIN + i * 10) });
      }
      claims.push({ telegramUserId: 1_000_000 + i, xUserId: u.id, xUsername: u.username, claimedAt });
    }
    const raidId = await insertRaid(opts.db, {
      chatId: -Math.floor(Math.random() * 1e12), postId: post.id, startedAt: start, endsAt: new Date(now - 30 * MIN),
      targets: { replies: opts.replies, reposts: 250, likes: 250 }, likes: 250,
    });
    await insertClaims(opts.db, raidId, claims);

    fake.resetCounts();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const t0 = process.hrtime.bigint();
    let counts: ValidationBenchResult['counts'];
    try {
      counts = (await validation.run(raidId)).counts;
    } finally {
      clearInterval(sampler);
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    const byEndpoint = fake.requestCounts();
    const usage = await x.usage(`raid:${raidId}`);
    const timelineRequests = byEndpoint['GET /2/users/:id/tweets'] ?? 0;
    const profileRequests = byEndpoint['GET /2/users'] ?? 0;
    const xRequests = totalRequests(fake);
    return {
      claimants: opts.claimants,
      xRequests,
      engagementRequests: xRequests - timelineRequests - profileRequests,
      timelineRequests,
      profileRequests,
      costMicros: usage.costMicros,
      timelineCostMicros: usage.rows.filter((r) => r.endpoint === 'users/:id/tweets').reduce((n, r) => n + r.costMicros, 0n),
      counts,
      seconds,
      peakRssMb: peak / 2 ** 20,
    };
  } finally {
    agent.destroy();
    await fake.close();
  }
}
