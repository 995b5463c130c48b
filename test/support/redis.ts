import { randomBytes } from 'node:crypto';
import { createRedis, type Redis } from '../../services/platform/redis.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  /** A prefix of this test file's own, so files running in parallel never see each other's keys or queues. */
  prefix: string;
  cleanup(): Promise<void>;
}

export async function freshRedis(): Promise<TestRedis> {
  const redis = createRedis(TEST_REDIS_URL, 'warhorn-test');
  const prefix = `{wt-${randomBytes(5).toString('hex')}}`;
  return {
    redis,
    prefix,
    async cleanup() {
      await deleteKeysWithPrefix(redis, prefix);
      redis.disconnect();
    },
  };
}

/** Deletes every key under `prefix` (SCAN, not KEYS: other test files share this Redis). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
