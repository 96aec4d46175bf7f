/**
 * Stores the mapping externalId → Genesys request in the key's state hash, only while `token` holds the lease.
 * KEYS[1] state hash, KEYS[2] lease; ARGV[1] token, ARGV[2] request id, ARGV[3] user id, ARGV[4] management unit.
 * Returns 1 when stored, 0 when the lease was lost (the next run finds the request again by its marker).
 */
export const STORE_TIMEOFF_MAPPING_LUA = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'genesysId', ARGV[2], 'genesysUserId', ARGV[3], 'genesysManagementUnitId', ARGV[4])
return 1
`;
