/**
 * The webhook-id claim (decision 018), as Lua functions that the claim script and the claim-and-store script share.
 * A key's value is `done` (the delivery's events are stored; decision 036), or `processing:<claimer's deadline
 * ms>:<token>` while one delivery works on it, or a bare `processing` (written before decision 018).
 *
 * state(key, now): `done`; `busy` (another delivery works on it, before its deadline; a bare `processing` until its
 * ttl expires); or `free` (no value, or a claim whose deadline passed: its claimer has answered 503 and stopped,
 * even if its claim only landed now, late, after a stalled Redis resumed).
 * claim(key, value, now, ttl): state(key, now), and when free, SET key value PX ttl: `claimed`.
 */
export const WEBHOOK_ID_FUNCTIONS = `
local function state(key, now)
  local cur = redis.call('GET', key)
  if not cur then return 'free' end
  if string.sub(cur, 1, 10) ~= 'processing' then return 'done' end
  local deadline = tonumber(string.match(cur, '^processing:(%d+):'))
  if deadline == nil or deadline > tonumber(now) then return 'busy' end
  return 'free'
end
local function claim(key, value, now, ttl)
  local current = state(key, now)
  if current ~= 'free' then return current end
  redis.call('SET', key, value, 'PX', ttl)
  return 'claimed'
end
`;

/** KEYS[1] the webhook-id key; ARGV[1] the claim, ARGV[2] now ms, ARGV[3] ttl ms. `claimed`, `busy` or `done`. */
export const CLAIM_WEBHOOK_ID_LUA = `${WEBHOOK_ID_FUNCTIONS}
return claim(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
`;

/** KEYS[1] the webhook-id key; ARGV[1] now ms. `done`, `busy` or `free`; writes nothing. */
export const WEBHOOK_ID_STATE_LUA = `${WEBHOOK_ID_FUNCTIONS}
return state(KEYS[1], ARGV[1])
`;

/** Deletes the claim only if it is still this delivery's (a late release must not free someone else's claim). */
export const RELEASE_WEBHOOK_ID_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
