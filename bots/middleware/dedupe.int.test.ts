import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarhornContext } from '../context.js';
import { createMetrics } from '../../services/platform/metrics.js';
import { silentLogger } from '../../services/platform/logger.js';
import { createRedis, whenReady } from '../../services/platform/redis.js';
import { isInfrastructureError } from '../../services/platform/infrastructure-errors.js';
import { freshRedis, TEST_REDIS_URL, type TestRedis } from '../../test/support/redis.js';
import { startTcpProxy } from '../../test/support/tcp-proxy.js';
import { dedupeUpdates } from './dedupe.js';

// The processed-update marks on a real Redis: what two replicas see when Telegram redelivers an update.
describe('processed-update marks', () => {
  let r: TestRedis;
  beforeAll(async () => {
    r = await freshRedis();
  });
  afterAll(() => r.cleanup());

  const contextFor = (updateId: number) => ({ me: { id: 42 }, update: { update_id: updateId }, log: silentLogger() }) as unknown as WarhornContext;
  const depsOf = (redis = r.redis) => ({ redis, prefix: r.prefix, metrics: createMetrics({ defaults: false }) });

  it('keeps a slow update marked while it runs, so a redelivery meanwhile is skipped, even past the mark', async () => {
    // A one-second mark, extended every 200 ms: the handler runs three times as long as the mark.
    const dedupe = dedupeUpdates(depsOf(), { processingSeconds: 1, extendEveryMs: 200 });
    let runs = 0;
    const slow = dedupe(contextFor(7), async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 3000));
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // Another replica gets the same update while the first still runs, a second after its mark would have lapsed.
    await dedupe(contextFor(7), async () => void runs++);
    await slow;
    expect(runs).toBe(1);
    await dedupe(contextFor(7), async () => void runs++);
    expect(runs).toBe(1);
  });

  it('fails fast as an outage, rather than hanging, when Redis stops answering', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(TEST_REDIS_URL).port || 6379) });
    const redis = createRedis(`redis://127.0.0.1:${proxy.port}`, 'warhorn-test-deadline', { deadlineMs: 500 });
    try {
      await whenReady(redis);
      proxy.blackhole();
      const ran: number[] = [];
      const failure = await Promise.resolve(dedupeUpdates(depsOf(redis))(contextFor(8), async () => void ran.push(8))).catch((error: unknown) => error);
      expect(isInfrastructureError(failure)).toBe(true);
      expect(ran).toEqual([]);
    } finally {
      proxy.restore();
      redis.disconnect();
      await proxy.close();
    }
  });
});
