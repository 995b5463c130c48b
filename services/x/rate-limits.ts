import type { Redis } from 'ioredis';
import { keyspace } from '../platform/redis.js';

// X's windows are per app and per endpoint, so every process must see the same numbers: they live in
// Redis, one hash per endpoint (limit, remaining, reset in epoch seconds as X sends it). A caller reserves
// a request by decrementing `remaining` before it goes out, so a hundred workers do not all spend the last
// request of a window at once; the next response's headers then correct the figure.

const ACQUIRE = `
local reset = tonumber(redis.call('HGET', KEYS[1], 'reset'))
if not reset then return 0 end
if reset * 1000 <= tonumber(ARGV[1]) then return 0 end
local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining')) or 0
if remaining <= 0 then return reset end
redis.call('HINCRBY', KEYS[1], 'remaining', -1)
return 0
`;

// Within one window keep the lower figure: ours counts requests still in flight that X has not seen.
const RECORD = `
local remaining = tonumber(ARGV[2])
local oldReset = tonumber(redis.call('HGET', KEYS[1], 'reset'))
if oldReset == tonumber(ARGV[3]) then
  local old = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
  if old and old < remaining then remaining = old end
end
redis.call('HSET', KEYS[1], 'limit', ARGV[1], 'remaining', remaining, 'reset', ARGV[3])
redis.call('EXPIRE', KEYS[1], math.max(1, tonumber(ARGV[4])))
return remaining
`;

export interface RateLimit {
  limit: number;
  remaining: number;
  /** Epoch seconds, as in `x-rate-limit-reset`. */
  reset: number;
}

export interface RateLimits {
  /** Reserves one request on the endpoint: null when it may go now, else the time its window resets. */
  acquire(endpoint: string, nowMs: number): Promise<Date | null>;
  /** Stores what X said in its headers (or a 429 with remaining 0). */
  record(endpoint: string, rateLimit: RateLimit, nowMs: number): Promise<void>;
  get(endpoint: string): Promise<RateLimit | null>;
}

export function createRateLimits(redis: Redis, prefix: string): RateLimits {
  const key = (endpoint: string) => keyspace(prefix)('x', 'rl', endpoint);
  return {
    async acquire(endpoint, nowMs) {
      const reset = Number(await redis.eval(ACQUIRE, 1, key(endpoint), nowMs));
      return reset ? new Date(reset * 1000) : null;
    },
    async record(endpoint, rl, nowMs) {
      if (![rl.limit, rl.remaining, rl.reset].every(Number.isFinite)) return;
      // Expiry relative to our clock (not Redis's), a minute past the reset: stale windows clean themselves up.
      const ttl = Math.ceil(rl.reset - nowMs / 1000) + 60;
      await redis.eval(RECORD, 1, key(endpoint), rl.limit, Math.max(0, rl.remaining), Math.floor(rl.reset), ttl);
    },
    async get(endpoint) {
      const h = await redis.hgetall(key(endpoint));
      if (!h.reset) return null;
      return { limit: Number(h.limit), remaining: Number(h.remaining), reset: Number(h.reset) };
    },
  };
}
