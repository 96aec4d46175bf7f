/**
 * Stores a trunk health observation unless a later one is already stored (reads can finish out of order).
 * KEYS[1] trunk health hash, KEYS[2] parked hash, KEYS[3] due zset.
 * ARGV[1] health, ARGV[2] observedAt ms, ARGV[3] now ms, ARGV[4] member prefix for agents ('agent:').
 * Returns {changed (1/0), previous health or '', since ms, woken agent ids and queues as a flat list}.
 * When the trunk becomes healthy its parked agents are made due now and removed from the parked set in the same
 * step, so a crash before their jobs are enqueued still leaves them for the sweeper.
 */
export const STORE_TRUNK_HEALTH_LUA = `
local cur = redis.call('HMGET', KEYS[1], 'health', 'observedAt', 'since')
if cur[2] and tonumber(cur[2]) > tonumber(ARGV[2]) then
  return {0, cur[1] or '', cur[3] or '0', {}}
end
local changed = 0
local since = cur[3] or ARGV[2]
if cur[1] ~= ARGV[1] then
  changed = 1
  since = ARGV[2]
end
redis.call('HSET', KEYS[1], 'health', ARGV[1], 'observedAt', ARGV[2], 'since', since)
local woken = {}
if ARGV[1] == 'healthy' then
  local parked = redis.call('HGETALL', KEYS[2])
  for i = 1, #parked, 2 do
    redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4] .. parked[i])
    woken[#woken + 1] = parked[i]
    woken[#woken + 1] = parked[i + 1]
  end
  if #parked > 0 then redis.call('DEL', KEYS[2]) end
end
return {changed, cur[1] or '', since, woken}
`;
