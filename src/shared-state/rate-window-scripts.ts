/**
 * The Lua behind the shared rate limit: a sliding-window log, a sorted set of start
 * times, checked and added to in one atomic script, so that replicas asking at once
 * cannot both take the last start. `now` comes from the caller (an injected clock in
 * tests); empty means Redis's own clock (TIME), one clock for every replica.
 */

/** Redis's clock in milliseconds when the caller passes none. */
const NOW = `
local now = tonumber(ARGV[1])
if ARGV[1] == '' then
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * KEYS[1] the window. ARGV: now | '', window ms, starts per window, starts wanted,
 * member prefix, first member number, GC ms, then pairs (member, age ms) of starts this
 * replica made while Redis was away, written in before counting.
 * Answers {granted, ms until a start is free (0 when all were granted)}.
 */
export const TAKE_SCRIPT = `${NOW}
local key = KEYS[1]
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local prefix = ARGV[5]
local first = tonumber(ARGV[6])
local gc = tonumber(ARGV[7])
for i = 8, #ARGV, 2 do
  local at = now - tonumber(ARGV[i + 1])
  if at > now - window then redis.call('ZADD', key, 'NX', at, ARGV[i]) end
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local used = redis.call('ZCARD', key)
local granted = math.max(0, math.min(want, limit - used))
for i = 0, granted - 1 do
  redis.call('ZADD', key, now, prefix .. (first + i))
end
local wait = 0
if granted < want then
  -- The start whose leaving brings the count below the limit again.
  local index = math.max(0, used + granted - limit)
  local entry = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
  if entry[2] then wait = math.max(1, tonumber(entry[2]) + window - now) end
end
redis.call('PEXPIRE', key, window + gc)
return {granted, wait}
`;

/**
 * KEYS[1] the replicas. ARGV: now | '', this replica's id, ms after which a silent
 * replica no longer counts, GC ms. Answers the number of live replicas, this one included.
 */
export const HEARTBEAT_SCRIPT = `${NOW}
local key = KEYS[1]
local stale = tonumber(ARGV[3])
redis.call('ZADD', key, now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - stale)
redis.call('PEXPIRE', key, stale + tonumber(ARGV[4]))
return redis.call('ZCARD', key)
`;
