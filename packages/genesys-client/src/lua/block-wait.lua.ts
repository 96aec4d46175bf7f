/**
 * How long until every given block key has passed (0 when none is in force), by Redis' clock.
 * Used before a token fetch, which spends no API budget but must respect the org's blocks.
 *
 * KEYS: block keys of one org (one slot). Returns the longest remaining block in ms.
 */
export const BLOCK_WAIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait = 0
for i = 1, #KEYS do
  local untilMs = tonumber(redis.call('GET', KEYS[i]) or '0') or 0
  if untilMs - now > wait then
    wait = untilMs - now
  end
end
return math.ceil(wait)
`;
