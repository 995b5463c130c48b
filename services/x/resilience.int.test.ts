import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { XFake } from '../../testkit/x/index.js';
import { XRateLimitedError, XUnavailableError } from './index.js';
import { pino } from 'pino';
import { createMetrics } from '../platform/metrics.js';
import { loggerOptions } from '../platform/logger.js';
import { serviceBase } from '../platform/service-base.js';
import { metricValue, startXHarness, type XHarness } from './x.test-support.js';

// Rate limits and outages against the X fake: a spent window waits or hands the job back with a time,
// a failing X is left alone for a while. Time is the fake's clock; waiting moves it.

let h: XHarness;
let fake: XFake;
beforeAll(async () => {
  h = await startXHarness('x_resilience');
  fake = h.fake;
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  fake.clearFaults();
  fake.resetRateLimits();
});

const purpose = 'raid:1:validation';
// The bundle as the composition root builds it (serviceBase), over this file's harness.
const base = () => ({ db: h.db.dataSource, redis: h.r.redis, prefix: h.r.prefix, log: pino({ level: 'silent' }), metrics: createMetrics({ defaults: false }), clock: fake.clock });
const caught = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const WINDOW = 15 * 60_000;

let seq = 0;
function aPost() {
  const u = fake.createUser({ username: `rs${++seq}` });
  return { ...fake.post(u.id, 'resilience'), userId: u.id };
}

describe('rate limits', () => {
  it('stops before a spent window from the headers, without asking X, and says when to come back', async () => {
    fake.resetRateLimits();
    const { x, metrics } = h.makeX();
    const post = aPost();
    fake.setRateLimit('GET /2/tweets/:id', 2);
    try {
      await x.getPost(post.id, { purpose });
      await x.getPost(post.id, { purpose });
      const sent = h.count('GET /2/tweets/:id');
      const error = await caught(x.getPost(post.id, { purpose }));
      expect(error).toBeInstanceOf(XRateLimitedError);
      expect((error as XRateLimitedError).endpoint).toBe('tweets/:id');
      const resetAt = (error as XRateLimitedError).resetAt.getTime();
      expect(resetAt).toBeGreaterThan(fake.clock.now().getTime() + 14 * 60_000);
      expect(h.count('GET /2/tweets/:id')).toBe(sent); // the third request never left
      expect(await metricValue(metrics, 'warhorn_x_rate_limited_total', { endpoint: 'tweets/:id', outcome: 'rescheduled' })).toBe(1);
      // Another endpoint's window is its own.
      expect(await x.getUsers([post.userId], { purpose })).toHaveLength(1);
      // Once the window has turned, the job that came back at resetAt goes through.
      fake.clock.advance(resetAt - fake.clock.now().getTime());
      expect((await x.getPost(post.id, { purpose }))?.id).toBe(post.id);
    } finally {
      fake.setRateLimit('GET /2/tweets/:id', 450);
    }
  });

  it('a window resetting soon is waited for in process', async () => {
    fake.resetRateLimits();
    const { x, metrics } = h.makeX({ maxRateLimitWaitMs: 20_000 });
    const post = aPost();
    fake.setRateLimit('GET /2/tweets/:id', 1);
    try {
      await x.getPost(post.id, { purpose }); // opens the fake's 15-minute window
      fake.clock.advance(WINDOW - 10_000); // ten seconds before it turns
      const before = fake.clock.now().getTime();
      expect((await x.getPost(post.id, { purpose }))?.id).toBe(post.id);
      expect(fake.clock.now().getTime() - before).toBeGreaterThanOrEqual(10_000);
      expect(await metricValue(metrics, 'warhorn_x_rate_limited_total', { endpoint: 'tweets/:id', outcome: 'waited' })).toBe(1);
    } finally {
      fake.setRateLimit('GET /2/tweets/:id', 450);
    }
  });

  it('a 429 with a near reset is waited out and retried; with a far one it becomes XRateLimitedError', async () => {
    fake.resetRateLimits();
    const { x } = h.makeX({ maxRateLimitWaitMs: 20_000 });
    const post = aPost();
    await x.getPost(post.id, { purpose });
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 429, times: 1 });
    const error = await caught(x.getPost(post.id, { purpose }));
    expect(error).toBeInstanceOf(XRateLimitedError);
    // The spent window is shared: a second call (another worker) does not even try.
    const sent = h.count('GET /2/tweets/:id');
    expect(await caught(x.getPost(post.id, { purpose }))).toBeInstanceOf(XRateLimitedError);
    expect(h.count('GET /2/tweets/:id')).toBe(sent);

    fake.clock.advance((error as XRateLimitedError).resetAt.getTime() - fake.clock.now().getTime());
    await x.getPost(post.id, { purpose }); // a new window
    fake.clock.advance(WINDOW - 5_000);
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 429, times: 1 });
    expect((await x.getPost(post.id, { purpose }))?.id).toBe(post.id);
  });
});

describe('circuit breaker', () => {
  it('503s trip it: X is left alone for the cool-down, then one probe closes it', async () => {
    fake.resetRateLimits();
    const { x, metrics } = h.makeX({ breaker: { failureThreshold: 3, cooldownMs: 30_000 } });
    const post = aPost();
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 503, times: 4 });
    for (let i = 0; i < 3; i++) {
      const e = await caught(x.getPost(post.id, { purpose }));
      expect(e).toBeInstanceOf(XUnavailableError);
    }
    expect(x.circuit()).toBe('open');
    expect(await metricValue(metrics, 'warhorn_x_circuit_open')).toBe(1);
    expect(await metricValue(metrics, 'warhorn_x_circuit_trips_total')).toBe(1);
    expect(await metricValue(metrics, 'warhorn_x_requests_total', { endpoint: 'tweets/:id', status: '503' })).toBe(3);

    const sent = h.count('GET /2/tweets/:id');
    const usersSent = h.count('GET /2/users');
    const fast = await caught(x.getUsers([post.userId], { purpose })); // any endpoint: X as a whole is down
    expect(fast).toBeInstanceOf(XUnavailableError);
    const wait = (fast as XUnavailableError).retryAt.getTime() - fake.clock.now().getTime();
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThanOrEqual(30_000);
    expect(h.count('GET /2/tweets/:id')).toBe(sent);
    expect(h.count('GET /2/users')).toBe(usersSent);

    // The probe after the cool-down meets the fourth 503: open again, for twice as long.
    fake.clock.advance(30_000);
    expect(await caught(x.getPost(post.id, { purpose }))).toBeInstanceOf(XUnavailableError);
    expect(x.circuit()).toBe('open');
    expect(await metricValue(metrics, 'warhorn_x_circuit_trips_total')).toBe(2);
    fake.clock.advance(30_000);
    expect(x.circuit()).toBe('open');
    fake.clock.advance(30_000);
    expect((await x.getPost(post.id, { purpose }))?.id).toBe(post.id);
    expect(x.circuit()).toBe('closed');
    expect(await metricValue(metrics, 'warhorn_x_circuit_open')).toBe(0);
  });

  it('logs with the logger it was given: the service key the composition root named, once', async () => {
    const lines: string[] = [];
    const root = pino(loggerOptions({ level: 'info' }), { write: (line: string) => void lines.push(line) });
    const { x } = h.makeX({ breaker: { failureThreshold: 1, cooldownMs: 30_000 } }, { log: serviceBase({ ...base(), log: root }, 'x').log });
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 503, times: 1 });
    expect(await caught(x.getPost(aPost().id, { purpose }))).toBeInstanceOf(XUnavailableError);
    const opened = lines.find((line) => line.includes('x: circuit open'));
    expect(opened).toBeDefined();
    // pino writes a key given twice (a child of a child) twice; JSON.parse would hide it, the raw line does not.
    expect(opened!.match(/"service":/g)).toHaveLength(1);
    expect(JSON.parse(opened!).service).toBe('x');
  });

  it('4xx answers and 429s are not outages', async () => {
    fake.resetRateLimits();
    const { x } = h.makeX({ breaker: { failureThreshold: 2 }, maxRateLimitWaitMs: 0 });
    const post = aPost();
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', status: 403, times: 3 });
    for (let i = 0; i < 3; i++) expect(await caught(x.getPost(post.id, { purpose }))).not.toBeInstanceOf(XUnavailableError);
    expect(x.circuit()).toBe('closed');
  });

  it('a request that times out counts as a failure and tells the caller to come back', async () => {
    const { x, metrics } = h.makeX({ timeoutMs: 200, retryAfterFailureMs: 5_000 });
    const post = aPost();
    fake.injectFault({ endpoint: 'GET /2/tweets/:id', latencyMs: 1_500, times: 1 });
    const error = await caught(x.getPost(post.id, { purpose }));
    expect(error).toBeInstanceOf(XUnavailableError);
    expect((error as XUnavailableError).reason).toMatch(/timeout/);
    expect(await metricValue(metrics, 'warhorn_x_requests_total', { endpoint: 'tweets/:id', status: 'timeout' })).toBe(1);
  });
});
