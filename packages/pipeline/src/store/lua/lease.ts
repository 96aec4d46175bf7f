/**
 * Lease = per-key mutual exclusion across every worker process, with a fencing token.
 * Acquire: KEYS[1] lease, KEYS[2] fence counter; ARGV[1] holder, ARGV[2] ttl ms.
 * The token is `<fence number>:<holder>`: the fence number grows with every grant, so a token names one grant.
 * Returns the token, or false when someone else holds the key.
 */
export const ACQUIRE_LEASE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local n = redis.call('INCR', KEYS[2])
local token = n .. ':' .. ARGV[1]
redis.call('SET', KEYS[1], token, 'PX', ARGV[2])
return token
`;

/**
 * Before a write: KEYS[1] lease, KEYS[2] the key's state hash; ARGV[1] token, ARGV[2] ttl ms.
 * Extends the lease if still ours and forgets that the last applied value was verified: if the worker dies after
 * Genesys took the write but before it is recorded, the next run reads Genesys instead of trusting a stale value.
 * Returns 1 if still ours (and extended), 0 if lost.
 */
export const PREPARE_WRITE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('HDEL', KEYS[2], 'verifiedAt')
  return 1
end
return 0
`;

/** Release: KEYS[1] lease; ARGV[1] token. Deletes only our own grant. */
export const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
