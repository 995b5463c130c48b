import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Queue, type Job } from 'bullmq';
import { queueOptions } from '../services/platform/queues.js';
import { silentLogger } from '../services/platform/logger.js';
import { createMetrics } from '../services/platform/metrics.js';
import { sleep, systemClock } from '../services/platform/clock.js';
import type { RaidJobData } from '../services/raids/index.js';
import { startXHarness, type XHarness } from '../services/x/x.test-support.js';
import { realPgConnectionError } from '../test/support/real-errors.js';
import { startRaidJobs, type RaidJobDeps } from './raid-jobs.js';

// The raids queue on real Redis and BullMQ, with the default job options (five attempts, backoff): a job
// that cannot succeed fails on its first attempt; a failure that may pass is retried. X's refusals come
// from the X service against the X fake, as validation passes them up.

const INSTALLATION = 'inst-raid-jobs';
let h: XHarness;
let queue: Queue<RaidJobData>;
let worker: { close(): Promise<void> } | undefined;
let n = 0;

beforeAll(async () => {
  h = await startXHarness('raid_jobs');
});
afterEach(async () => {
  await worker?.close();
  worker = undefined;
  await queue?.close();
});
afterAll(async () => {
  await h.close();
});

/** Each case its own queue name on the harness's prefix, so no case sees another's jobs. */
function start(overrides: { tick?: RaidJobDeps['raids']['tick']; validate?: RaidJobDeps['validate'] }) {
  const queueName = `raids-test-${++n}`;
  const noop = async () => true;
  queue = new Queue<RaidJobData>(queueName, queueOptions(h.r.redis, h.r.prefix));
  worker = startRaidJobs({
    clock: systemClock,
    redis: h.r.redis,
    prefix: h.r.prefix,
    log: silentLogger(),
    metrics: createMetrics({ defaults: false }),
    installation: INSTALLATION,
    raids: {
      queueName,
      tick: overrides.tick ?? (async () => 'ticked' as const),
      end: noop,
      unlock: noop,
      leftBehind: async () => ({ overdue: [], locked: [], unvalidated: [], running: [], restores: [] }),
      restore: noop,
      ensureJobs: async () => {},
    },
    ...(overrides.validate ? { validate: overrides.validate } : {}),
  });
  return queue;
}

/** Waits for the job to finish, one way or the other (the test's timeout bounds the wait). */
async function settled(id: string): Promise<Job<RaidJobData>> {
  for (;;) {
    const job = await queue.getJob(id);
    const state = await job?.getState();
    if (job && (state === 'completed' || state === 'failed')) return job;
    await sleep(50);
  }
}

async function run(name: string, raidId = `raid-${n}`): Promise<{ job: Job<RaidJobData>; state: string }> {
  const added = await queue.add(name, { raidId, installation: INSTALLATION });
  const job = await settled(added.id!);
  return { job, state: await job.getState() };
}

describe('raid jobs that cannot succeed', () => {
  it('fail an unknown job name on its first attempt', async () => {
    start({});
    const { job, state } = await run('frobnicate');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('unknown raid job frobnicate');
  });

  it('fail validation at once where the deployment has none (no X credentials)', async () => {
    start({});
    const { job, state } = await run('validate');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('validation is not available in this process');
  });

  it('fail validation at once when X refuses the request (an invalid or revoked token: 401)', async () => {
    const { x } = h.makeX({ bearerToken: 'revoked-token' });
    const post = h.fake.post(h.fake.createUser({ username: 'rjauthor' }).id, 'raid me');
    let calls = 0;
    start({
      validate: async () => {
        calls++;
        return x.getPost(post.id, { purpose: 'test:raid-jobs' });
      },
    });
    const { job, state } = await run('validate');
    expect(state).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(calls).toBe(1);
    expect(job.failedReason).toMatch(/^X refused .*\(401\)/);
  });
});

describe('raid jobs that may succeed later', () => {
  it('retry a job that failed for a reason that passes (Postgres refused the connection once)', async () => {
    const refused = await realPgConnectionError();
    let calls = 0;
    start({
      tick: async () => {
        if (++calls === 1) throw refused;
        return 'ticked';
      },
    });
    const { job, state } = await run('tick');
    expect(state).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(calls).toBe(2);
  });

  it('wait for X when it answers 503, and validate then, without failing the job', async () => {
    const { x } = h.makeX();
    const post = h.fake.post(h.fake.createUser({ username: 'rjoutage' }).id, 'raid me later');
    h.fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 503, times: 1 });
    let calls = 0;
    start({
      validate: async () => {
        calls++;
        return x.getPost(post.id, { purpose: 'test:raid-jobs' });
      },
    });
    const { job, state } = await run('validate');
    expect(state).toBe('completed');
    expect(job.failedReason ?? null).toBeNull();
    expect(calls).toBe(2);
  });
});
