/**
 * Claims keys whose due time has passed and pushes their due time forward, so concurrent sweepers do not
 * enqueue the same key twice in one round. KEYS[1] due zset; ARGV[1] now, ARGV[2] next due, ARGV[3] limit.
 * Returns the claimed members.
 */
export const CLAIM_DUE_LUA = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, m in ipairs(members) do redis.call('ZADD', KEYS[1], 'XX', ARGV[2], m) end
return members
`;
