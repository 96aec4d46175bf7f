/**
 * Records what a worker applied, fenced by its lease: the write is refused when the lease is no longer ours.
 * KEYS[1] state hash, KEYS[2] lease, KEYS[3] due zset.
 * ARGV[1] token, ARGV[2] rev the worker reconciled, ARGV[3] applied JSON ('' keeps the old), ARGV[4] now ms,
 * ARGV[5] member, ARGV[6] status, ARGV[7] verified (1 when Genesys was read or written now), ARGV[8] plan JSON.
 * Returns -1 if the lease was lost, else the current desired rev (greater than ARGV[2] means: go again).
 * The key leaves the due set only when nothing newer arrived meanwhile.
 */
export const COMMIT_APPLIED_LUA = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], 'appliedRev', ARGV[2], 'appliedAt', ARGV[4], 'status', ARGV[6], 'parkCount', 0,
  'plan', ARGV[8], 'reason', '')
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'applied', ARGV[3]) end
if ARGV[7] == '1' then redis.call('HSET', KEYS[1], 'verifiedAt', ARGV[4]) end
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if rev <= tonumber(ARGV[2]) then redis.call('ZREM', KEYS[3], ARGV[5]) end
return rev
`;

/**
 * Records a decision that leaves the key not applied (parked, planned in dry-run, dead-lettered) and when the
 * sweeper should look again. KEYS[1] state, KEYS[2] lease, KEYS[3] due; ARGV[1] token, ARGV[2] status,
 * ARGV[3] reason, ARGV[4] due-at ms ('' removes the key from the due set), ARGV[5] member, ARGV[6] plan JSON
 * ('' keeps the old), ARGV[7] 1 to count a park. Returns -1 if the lease was lost, else the park count.
 */
export const RECORD_PENDING_LUA = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'reason', ARGV[3])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'plan', ARGV[6]) end
local parks = 0
if ARGV[7] == '1' then parks = redis.call('HINCRBY', KEYS[1], 'parkCount', 1) end
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[3], ARGV[5])
else
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[5])
end
return parks
`;
