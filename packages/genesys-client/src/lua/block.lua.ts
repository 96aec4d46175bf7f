/**
 * Blocks an org (or its token fetches) until `now + ms`, never shortening an existing block:
 * two 429s with different Retry-After values leave the later end in place. Uses Redis' clock,
 * like the limiter that reads the key. The key expires a second after the block ends.
 *
 * KEYS[1] the block key; ARGV[1] block duration in ms. Returns the remaining block in ms.
 */
export const BLOCK_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilMs = math.ceil(now + tonumber(ARGV[1]))
local existing = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if existing > untilMs then
  untilMs = existing
end
redis.call('SET', KEYS[1], string.format('%.0f', untilMs), 'PX', math.ceil(untilMs - now) + 1000)
return math.ceil(untilMs - now)
`;
