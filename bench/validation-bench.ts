// Validation of one big raid against the X fake (rate limits off): how many X requests, how long, and how
// much memory. Claimants beyond the repliers have no engagement, which is the shape of a raid farmed by
// button presses; the figure to watch is that X requests follow the replies, not the claimants.
import https from 'node:https';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { startXFake } from '../testkit/x/index.js';
import { buildValidation, ensureValidationSchema, insertClaims, insertRaid, totalRequests, type ClaimInput } from '../services/validation/validation.test-support.js';

export interface ValidationBenchResult {
  xRequests: number;
  seconds: number;
  peakRssMb: number;
  claimants: number;
  /** Of xRequests, the GET /2/users reads: claimants X described nowhere in the engagement but whose claim a
   * capped or private list keeps alive (here: 100 reposters is X's cap, so any repost is unverifiable). */
  profileRequests: number;
}

const MIN = 60_000;

/** Needs a migrated DataSource (raids, x, history, notifications); applies the validation migration if missing. */
export async function benchValidation(opts: { db: DataSource; redis: Redis; prefix: string; claimants: number; replies: number }): Promise<ValidationBenchResult> {
  await ensureValidationSchema(opts.db);
  const fake = await startXFake({ rateLimits: false });
  const agent = new https.Agent({ ca: fake.ca, keepAlive: true });
  try {
    const { validation } = buildValidation(opts.db, opts.redis, `${opts.prefix}:vb`, fake, agent);
    const now = fake.clock.now().getTime();
    const start = new Date(now - 60 * MIN);
    const author = fake.createUser({ username: 'bench_project', createdAt: new Date('2019-01-01'), followers: 10_000 });
    const post = fake.post(author.id, 'Raid this', { at: new Date(start.getTime() - MIN) });
    const claims: ClaimInput[] = [];
    const claimedAt = new Date(start.getTime() + 30 * MIN);
    for (let i = 0; i < opts.claimants; i++) {
      const u = fake.createUser({ username: `vb${i}`, createdAt: new Date('2020-01-01'), followers: 100 + (i % 50) });
      if (i < opts.replies) {
        // Distinct texts: the near-duplicate index sees realistic variety, not one giant copy cluster.
        fake.reply(u.id, post.id, `reply ${i}: ${(i * 7919).toString(36)} thoughts on ${(i * 104729).toString(36)} and ${(i % 97).toString(36)}`, {
          at: new Date(start.getTime() + MIN + (i % 1000) * 1000),
        });
        if (i < 100) fake.repost(u.id, post.id, { at: new Date(start.getTime() + 2 * MIN) });
      }
      claims.push({ telegramUserId: 1_000_000 + i, xUserId: u.id, xUsername: u.username, claimedAt });
    }
    const raidId = await insertRaid(opts.db, { chatId: -Math.floor(Math.random() * 1e12), postId: post.id, startedAt: start, endsAt: new Date(now - 30 * MIN), targets: { replies: opts.replies, reposts: 100, likes: 0 } });
    await insertClaims(opts.db, raidId, claims);

    fake.resetCounts();
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const t0 = process.hrtime.bigint();
    try {
      await validation.run(raidId);
    } finally {
      clearInterval(sampler);
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { xRequests: totalRequests(fake), seconds, peakRssMb: peak / 2 ** 20, claimants: opts.claimants, profileRequests: fake.requestCounts()['GET /2/users'] ?? 0 };
  } finally {
    agent.destroy();
    await fake.close();
  }
}
