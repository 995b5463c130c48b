// Where message counts live in Redis. Every key starts with the deployment prefix (a hash tag), so the
// multi-key scripts below stay in one Cluster slot.
export { luaScript } from '../platform/lua-script.js';
import type { Redis } from '../platform/redis.js';
import type { ChatId } from '../platform/telegram-ids.js';

/** Live counts stop being written at the end of their UTC day; if no flush runs for this long they expire
 * rather than grow Redis for ever (the documented bound on what a dead flusher can lose). */
export const ACTIVITY_TTL_SECONDS = 7 * 24 * 3600;
/** Days back (today included) that may still hold counts in Redis: the TTL plus the day being written. */
export const REDIS_DAYS = ACTIVITY_TTL_SECONDS / 86_400 + 2;

/** The field of a flushing hash that holds its batch id (user ids are digits, so it cannot collide). */
export const BATCH_FIELD = '_batch';

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export function activityKeys(prefix: string) {
  return {
    /** Hash user id → messages, written by countMessage. */
    live: (chatId: ChatId | string, day: string) => `${prefix}:activity:${chatId}:${day}`,
    /** The same hash renamed by a flush, plus its batch id, until the flush has written it to Postgres. */
    flushing: (chatId: ChatId | string, day: string) => `${prefix}:activity-flushing:${chatId}:${day}`,
    /** Set of `<chatId>:<day>` with counts not yet in Postgres: the flush's work list, no SCAN needed. */
    dirty: `${prefix}:activity-dirty`,
  };
}
export type ActivityKeys = ReturnType<typeof activityKeys>;

export const memberOf = (chatId: ChatId | string, day: string) => `${chatId}:${day}`;
export function parseMember(member: string): { chatId: string; day: string } {
  const at = member.lastIndexOf(':');
  return { chatId: member.slice(0, at), day: member.slice(at + 1) };
}

// One EVALSHA per message: the increment, its expiry and the work-list entry happen together, so a flush
// can never see the count without the entry (or remove the entry while a count waits).
export const COUNT_LUA = `
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
return 1`;

// KEYS: (live, flushing) pairs. A flushing hash left by an earlier flush is returned as it is (its batch
// may or may not be in Postgres yet; the ledger decides); otherwise the live hash is renamed atomically,
// so increments arriving from now on start a new live hash and are not part of this batch.
export const CLAIM_LUA = `
local out = {}
for i = 1, #KEYS, 2 do
  local live, flushing = KEYS[i], KEYS[i + 1]
  if redis.call('EXISTS', flushing) == 0 and redis.call('EXISTS', live) == 1 then
    redis.call('RENAME', live, flushing)
    redis.call('HSET', flushing, '${BATCH_FIELD}', ARGV[1])
  end
  out[#out + 1] = redis.call('HGETALL', flushing)
end
return out`;

// KEYS: (live, flushing) pairs then the dirty set; ARGV: (batch, member) pairs. Deletes a flushing hash
// only if it still carries the batch this flush wrote (a later batch is someone else's), and drops the
// work-list entry only when nothing is left for that group and day.
export const FINISH_LUA = `
local dirty = KEYS[#KEYS]
for i = 1, #ARGV, 2 do
  local live, flushing = KEYS[i], KEYS[i + 1]
  local batch, member = ARGV[i], ARGV[i + 1]
  if batch ~= '' and redis.call('HGET', flushing, '${BATCH_FIELD}') == batch then
    redis.call('DEL', flushing)
  end
  if redis.call('EXISTS', live) == 0 and redis.call('EXISTS', flushing) == 0 then
    redis.call('SREM', dirty, member)
  end
end
return 1`;

// KEYS: (live, flushing) pairs. One atomic read, so a rename between two reads cannot show a count twice.
export const READ_LUA = `
local out = {}
for i = 1, #KEYS do out[i] = redis.call('HGETALL', KEYS[i]) end
return out`;

/** HGETALL as Lua returns it (a flat array) → user id → count, and the batch id if present. */
export function parseHash(flat: unknown): { counts: Map<string, number>; batch: string | null } {
  const counts = new Map<string, number>();
  let batch: string | null = null;
  const items = (flat ?? []) as string[];
  for (let i = 0; i + 1 < items.length; i += 2) {
    if (items[i] === BATCH_FIELD) batch = items[i + 1]!;
    else counts.set(items[i]!, Number(items[i + 1]));
  }
  return { counts, batch };
}
