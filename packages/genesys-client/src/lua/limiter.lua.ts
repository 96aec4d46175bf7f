/**
 * The org's request budget, shared by every process: GCRA (generic cell rate algorithm).
 *
 * State is one number, the theoretical arrival time (TAT): when the next request would be due
 * if requests went out exactly one `interval` apart. A request may go now if
 * `max(TAT, now) + interval - burst * interval <= now`; it then pushes TAT one interval on.
 * So at most `burst` requests go at once and then one per interval, in any window:
 * `count(window W) <= burst + floor(W / interval)`. With `interval = 60 s / (rpm - burst)`
 * a 60 s window holds at most `rpm - 1` requests: the minute never exceeds the budget, and one
 * request of slack absorbs arrival jitter at the server.
 *
 * The same script honours the block set by a 429 (`blocked-until`), and the lower budget the
 * server advertised (`allowed`), so one round trip decides. Redis' clock is the only clock, so
 * processes with skewed clocks still agree.
 *
 * Reservation: a caller whose slot is in the future (but within ARGV[3] ms) gets that slot: TAT moves on for it
 * and it sleeps exactly until then. Callers are served in the order they asked, across processes; nobody races
 * for a freed slot or re-asks, so a call never starves behind later ones while the budget is contended.
 *
 * KEYS[1] limiter (TAT), KEYS[2] blocked-until, KEYS[3] allowed (all in one slot: `{orgId}`)
 * ARGV[1] configured requests per minute, ARGV[2] largest burst, ARGV[3] longest wait the caller accepts (ms)
 * Returns {code, ms}: {0, 0} send now; {1, ms} slot reserved, send in ms; {2, ms} the org is blocked by a 429,
 * ask again in ms; {3, ms} the next slot is further away than the caller accepts (nothing reserved).
 */
export const LIMITER_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000

local blocked = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if blocked > now then
  return {2, math.ceil(blocked - now)}
end

local rpm = tonumber(ARGV[1])
local advertised = tonumber(redis.call('GET', KEYS[3]) or '0') or 0
if advertised > 0 and advertised < rpm then
  rpm = advertised
end
local burst = math.min(tonumber(ARGV[2]), math.max(1, math.floor(rpm / 10)))
local interval = 60000 / math.max(1, rpm - burst)

local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < now then
  tat = now
end
local nextTat = tat + interval
local allowAt = nextTat - burst * interval
local wait = math.ceil(allowAt - now)
if wait > tonumber(ARGV[3]) then
  return {3, wait}
end
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
if wait > 0 then
  return {1, wait}
end
return {0, 0}
`;
