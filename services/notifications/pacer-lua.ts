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

/** KEYS: bot, chat, group, reservation. ARGV: now, botT, botTau, chatT, chatTau, groupT, groupTau, isGroup,
 * holdMs. Returns { 1, slotMs } (reserved) or { 0, retryAtMs } (not reserved). */
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
// The time is the Redis server's, taken as the script runs: a time sampled by the worker before the round
// trip would be late by however long its event loop took to send the call, and departures recorded early
// let the next ones leave too soon. One clock for every worker process, too.

/** KEYS: departures. ARGV: limit, windowMs, force ('1' or '0'). Returns '0' (recorded) or the wait in ms. */
export const DEPART_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local limit, window = tonumber(ARGV[1]), tonumber(ARGV[2])
if ARGV[3] ~= '1' then
  local oldest = redis.call('LINDEX', KEYS[1], limit - 1)
  if oldest and now - tonumber(oldest) < window then
    return string.format('%.3f', tonumber(oldest) + window - now)
  end
end
redis.call('LPUSH', KEYS[1], string.format('%.3f', now))
redis.call('LTRIM', KEYS[1], 0, limit - 1)
redis.call('PEXPIRE', KEYS[1], window + 1000)
return '0'
`;
