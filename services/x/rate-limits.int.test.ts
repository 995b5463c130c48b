import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { createRateLimits } from './rate-limits.js';

let r: TestRedis;
beforeAll(async () => {
  r = await freshRedis();
});
afterAll(async () => {
  await r.cleanup();
});

describe('shared rate limits', () => {
  const now = Date.UTC(2026, 10, 3, 10);
  const reset = now / 1000 + 900;

  it('lets requests go until the window is spent, counting reservations across processes', async () => {
    const a = createRateLimits(r.redis, r.prefix);
    const b = createRateLimits(r.redis, r.prefix); // another process, same Redis
    expect(await a.acquire('tweets', now)).toBeNull(); // nothing known yet
    await a.record('tweets', { limit: 300, remaining: 2, reset }, now);
    expect(await a.acquire('tweets', now)).toBeNull();
    expect(await b.acquire('tweets', now)).toBeNull();
    expect(await b.acquire('tweets', now)).toEqual(new Date(reset * 1000));
    // A late answer from the same window claiming more room does not undo the reservations.
    await b.record('tweets', { limit: 300, remaining: 1, reset }, now);
    expect(await a.get('tweets')).toEqual({ limit: 300, remaining: 0, reset });
    // The window is over at its reset; a new window's headers replace the figures.
    expect(await a.acquire('tweets', reset * 1000)).toBeNull();
    await a.record('tweets', { limit: 300, remaining: 299, reset: reset + 900 }, reset * 1000);
    expect(await a.get('tweets')).toEqual({ limit: 300, remaining: 299, reset: reset + 900 });
  });

  it('keeps endpoints apart', async () => {
    const rl = createRateLimits(r.redis, r.prefix);
    await rl.record('users', { limit: 300, remaining: 0, reset }, now);
    expect(await rl.acquire('users', now)).toEqual(new Date(reset * 1000));
    expect(await rl.acquire('tweets/:id', now)).toBeNull();
  });
});
