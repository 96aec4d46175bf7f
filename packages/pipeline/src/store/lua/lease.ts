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
 * Returns false if lost; else the `verifiedAt` it removed ('' when there was none), for RESTORE_VERIFIED_LUA.
 */
export const PREPARE_WRITE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  local verifiedAt = redis.call('HGET', KEYS[2], 'verifiedAt') or ''
  redis.call('HDEL', KEYS[2], 'verifiedAt')
  return verifiedAt
end
return false
`;

/**
 * After a write that provably never left (refused before sending): KEYS[1] lease, KEYS[2] the key's state hash;
 * ARGV[1] token, ARGV[2] the `verifiedAt` PREPARE_WRITE_LUA removed. Genesys still holds what it held, so the
 * verification stands again, unless the lease is no longer ours or something recorded a newer one meanwhile.
 * Returns 1 if restored, 0 if not.
 */
export const RESTORE_VERIFIED_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] and redis.call('HSETNX', KEYS[2], 'verifiedAt', ARGV[2]) == 1 then
  return 1
end
return 0
`;

/** Release: KEYS[1] lease; ARGV[1] token. Deletes only our own grant. */
export const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
