import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { luaScript } from '../platform/lua-script.js';

const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
const releaseScript = luaScript(RELEASE_LUA);

/** A short Redis lock per outbox row, held around the Telegram call, so two copies of a job (Redis lost
 * the first, the dispatcher handed the row out again) never send the same row at the same time. */
export function createSendLock(redis: Redis, prefix: string, ttlMs: number) {
  const key = (id: string) => `${prefix}:notifications:sending:${id}`;
  return {
    /** Runs `fn` holding the lock; returns `busy` when another worker holds it. */
    async withLock<T>(id: string, fn: () => Promise<T>): Promise<T | 'busy'> {
      const token = randomUUID();
      const ok = await redis.set(key(id), token, 'PX', ttlMs, 'NX');
      if (ok !== 'OK') return 'busy';
      try {
        return await fn();
      } finally {
        await releaseScript(redis, [key(id)], [token]);
      }
    },
  };
}
