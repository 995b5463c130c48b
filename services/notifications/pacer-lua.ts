// GCRA over three keys at once: the bot, the chat and (for groups) the group. Each key holds its theoretical
// arrival time (TAT, ms); a grant at time s is allowed by a key when s >= TAT - tau, and moves its TAT to
// max(TAT, s) + T. Running in one script makes the check-and-reserve atomic across workers; the keys share
// the prefix's hash tag, so this works on Redis Cluster too.
//
// The slot is always the bot's next free slot (or now). When the chat's or group's own turn comes later
// than that, nothing is reserved and the caller is told when to come back: reserving a far slot for one
// chat would push the bot's single TAT past it and leave every other chat waiting behind a hole.
//
// A reservation is remembered per outbox id (KEYS[4]) so a job that was delayed until its slot, or a
// duplicate job for the same row, finds the slot it already holds instead of taking a second one.
//
// A low-priority message (ARGV[10] = how far ahead it may reserve, ms; negative for any other) takes a slot
// only when the bot's next free slot is that close: a thousand forwards must not book the next half
// minute, for a raid card arriving after them would get the slot after theirs (a single TAT keeps no holes).
// One turned away is given a place in the bot's line of low messages (KEYS[5], a TAT of its own advancing
// one bot interval per place): they come back one per interval, about as fast as slots free up, rather
// than all at once, and one that finds the slots taken again (by normal messages) goes to the back.

/** KEYS: bot, chat, group, reservation, low line. ARGV: now, botT, botTau, chatT, chatTau, groupT, groupTau,
 * isGroup, holdMs, lowAheadMs. Returns { 1, slotMs } (reserved), { 0, retryAtMs } (the chat's or group's
 * turn comes later) or { 2, retryAtMs } (low, and the bot is booked further ahead than it may reserve). */
export const RESERVE_LUA = `
local now = tonumber(ARGV[1])
local held = redis.call('GET', KEYS[4])
if held then return {1, held} end

local isGroup = ARGV[8] == '1'
local function tat(key)
  local v = redis.call('GET', key)
  if v then return tonumber(v) end
  return now
end
local function store(key, value)
  -- A TAT in the past means the same as no TAT: let it expire then.
  redis.call('SET', key, string.format('%.3f', value), 'PX', math.max(1, math.ceil(value - now) + 1000))
end

local botT, botTau = tonumber(ARGV[2]), tonumber(ARGV[3])
local chatT, chatTau = tonumber(ARGV[4]), tonumber(ARGV[5])
local groupT, groupTau = tonumber(ARGV[6]), tonumber(ARGV[7])

local tBot, tChat = tat(KEYS[1]), tat(KEYS[2])
local sBot = math.max(now, tBot - botTau)
local sChat = math.max(now, tChat - chatTau)
local tGroup = now
if isGroup then
  tGroup = tat(KEYS[3])
  sChat = math.max(sChat, tGroup - groupTau)
end

-- TATs are stored to a thousandth of a ms, so a fractional tau may leave sChat a hair past sBot when they
-- are really equal (after a 429 penalty, for instance): a hundredth of a ms is not a later turn.
if sChat > sBot + 0.01 then
  return {0, string.format('%.3f', sChat)}
end

local lowAhead = tonumber(ARGV[10])
if lowAhead >= 0 and sBot > now + lowAhead + 0.01 then
  local back = math.max(sBot - lowAhead, tat(KEYS[5]))
  store(KEYS[5], back + botT)
  return {2, string.format('%.3f', back)}
end

local s = sBot
store(KEYS[1], math.max(tBot, s) + botT)
store(KEYS[2], math.max(tChat, s) + chatT)
if isGroup then store(KEYS[3], math.max(tGroup, s) + groupT) end
redis.call('SET', KEYS[4], string.format('%.3f', s), 'PX', math.ceil(s - now) + tonumber(ARGV[9]))
return {1, string.format('%.3f', s)}
`;

/** Telegram said 429: nothing more for these keys until `until` (ms). KEYS: any number of TAT keys.
 * ARGV: now, until, then one tau per key (so that TAT - tau = until). */
export const PENALIZE_LUA = `
local now, untilMs = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  local target = untilMs + tonumber(ARGV[2 + i])
  local v = redis.call('GET', key)
  if (not v) or tonumber(v) < target then
    redis.call('SET', key, string.format('%.3f', target), 'PX', math.max(1, math.ceil(target - now) + 1000))
  end
end
return 1
`;

// The bot-wide limit is the one the outbox runs at (30 a second, across all chats), so it is checked a
// second time as each call leaves: the slots above are a schedule, but a worker may wake a few ms late and
// the next on time, and two calls leaving closer than their slots would reach Telegram as a burst. KEYS[1]
// holds the bot's most recent departures (newest first, at most `limit`). A call may leave when fewer than
// `limit` left in the last `windowMs`; otherwise it is told how long to wait. With `force`, the time is
// recorded without a check (a call that may have arrived late is counted again as arriving now).
//
// Calls told to wait come back at random, so whichever comes back first after a departure frees takes it.
// When many low-priority calls wait there (the bot at its limit, workers late), a raid card could lose that
// race for seconds. So a call that is not low and is told to wait is listed in KEYS[2] (member ARGV[5],
// scored with when it lapses, should its process die), and low calls wait while anyone is listed.
//
// The time is the Redis server's, taken as the script runs: a time sampled by the worker before the round
// trip would be late by however long its event loop took to send the call, and departures recorded early
// let the next ones leave too soon. One clock for every worker process, too.

/** KEYS: departures, waiting urgent calls. ARGV: limit, windowMs, force ('1' or '0'), low ('1' or '0'),
 * call id. Returns '0' (recorded) or the wait in ms. */
export const DEPART_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local low = ARGV[4] == '1'
if ARGV[3] ~= '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if low and redis.call('ZCARD', KEYS[2]) > 0 then
    return string.format('%.3f', window / limit)
  end
  local oldest = redis.call('LINDEX', KEYS[1], limit - 1)
  if oldest and now - tonumber(oldest) < window then
    local wait = tonumber(oldest) + window - now
    if not low then
      -- Listed until a little after its retry: two intervals cover the retry's jitter.
      redis.call('ZADD', KEYS[2], now + wait + 2 * window / limit, ARGV[5])
      redis.call('PEXPIRE', KEYS[2], window + 1000)
    end
    return string.format('%.3f', wait)
  end
  if not low then redis.call('ZREM', KEYS[2], ARGV[5]) end
end
redis.call('LPUSH', KEYS[1], string.format('%.3f', now))
redis.call('LTRIM', KEYS[1], 0, limit - 1)
redis.call('PEXPIRE', KEYS[1], window + 1000)
return '0'
`;
