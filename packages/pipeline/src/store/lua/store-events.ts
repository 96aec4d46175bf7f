import { WEBHOOK_ID_FUNCTIONS } from './webhook-id.js';

/**
 * Records the desired state of many keys of ONE org atomically, each guarded by its event order.
 *
 * KEYS[1] due zset, KEYS[2] stats hash, KEYS[3] agent index hash, KEYS[4] known set, then per event two keys:
 * the desired-state hash (the unit of ordering) and a set the event's member joins (the known set, or for
 * schedules the set of agents of that schedule); then one trace-link list per traced event (below).
 * ARGV[1] now (ms), ARGV[2] due-at (ms): when the sweeper should pick the key up if no worker finished it,
 * ARGV[3] the number of traced events (t), then 9 values per event: member of the reconcile key, sequence,
 * occurredAt (ms), event id, desired JSON, queue, index value ('' = none), index field ('' = none), set member;
 * then per traced event its position (1-based) and its `traceparent`, and, when t > 0, the entries a list keeps and
 * their ttl (ms).
 *
 * The unit of ordering and the unit of work usually coincide (one agent). For schedules they do not: each
 * agent's shifts are ordered on their own, while one job uploads the whole schedule.
 *
 * An event is kept only if it is newer than the stored one (sequence, then occurredAt, then id); the same position
 * counts as a duplicate, an older one as stale. A kept event bumps `rev`, the desired-state revision that workers
 * compare with `appliedRev`, and puts the key in the due set (LT: an earlier due time is never pushed back).
 * A kept event of a sampled trace also leaves its `traceparent` in its key's trace-link list (newest first, trimmed,
 * with a ttl), for the reconcile to link to (decisions 027, 032): in the same call, so a link exists exactly when
 * its event was kept.
 * Returns, per event: {outcome (1 kept, 0 duplicate, -1 stale), rev, previous index value}.
 */
const STORE_FUNCTION = `
local function store(K, A)
  local now = A[1]
  local dueAt = tonumber(A[2])
  local traced = tonumber(A[3])
  local results = {}
  local n = (#K - 4 - traced) / 2
  for i = 1, n do
    local base = 3 + (i - 1) * 9
    local stateKey = K[3 + 2 * i]
    local setKey = K[4 + 2 * i]
    local member = A[base + 1]
    local seq = tonumber(A[base + 2])
    local at = tonumber(A[base + 3])
    local eid = A[base + 4]
    local cur = redis.call('HMGET', stateKey, 'seq', 'atMs', 'eid')
    local outcome = 1
    if cur[1] then
      local cseq = tonumber(cur[1])
      local cat = tonumber(cur[2])
      local ceid = cur[3]
      if seq == cseq and at == cat and eid == ceid then
        outcome = 0
      elseif seq < cseq or (seq == cseq and (at < cat or (at == cat and eid < ceid))) then
        outcome = -1
      end
    end
    if outcome == 1 then
      redis.call('HSET', stateKey, 'seq', A[base + 2], 'atMs', A[base + 3], 'eid', eid,
        'desired', A[base + 5], 'queue', A[base + 6], 'updatedAt', now, 'status', 'pending')
      local rev = redis.call('HINCRBY', stateKey, 'rev', 1)
      redis.call('ZADD', K[1], 'LT', dueAt, member)
      redis.call('SADD', K[4], member)
      redis.call('SADD', setKey, A[base + 9])
      local previous = ''
      if A[base + 8] ~= '' then
        previous = redis.call('HGET', K[3], A[base + 8]) or ''
        redis.call('HSET', K[3], A[base + 8], A[base + 7])
      end
      results[i] = {1, rev, previous}
    elseif outcome == 0 then
      redis.call('HINCRBY', K[2], 'duplicates', 1)
      results[i] = {0, 0, ''}
    else
      redis.call('HINCRBY', K[2], 'stale', 1)
      results[i] = {-1, 0, ''}
    end
  end
  local links = 3 + n * 9
  for t = 1, traced do
    if results[tonumber(A[links + 2 * t - 1])][1] == 1 then
      local list = K[4 + 2 * n + t]
      redis.call('LPUSH', list, A[links + 2 * t])
      redis.call('LTRIM', list, 0, tonumber(A[links + 2 * traced + 1]) - 1)
      redis.call('PEXPIRE', list, A[links + 2 * traced + 2])
    end
  end
  return results
end
`;

export const STORE_EVENTS_LUA = `${STORE_FUNCTION}
return store(KEYS, ARGV)
`;

/**
 * The webhook-id claim and the store of the delivery's first org in one script (decision 031): KEYS[1] the
 * webhook-id key, then the store's keys; ARGV[1..3] the claim's (value, now ms, ttl ms), ARGV[4] the done mark's ttl
 * in seconds when this store is the delivery's only one (then the id is `done` as the events are stored: decision
 * 036), else 0 (the claim stays); then the store's. Returns {'busy'} or {'done'} with nothing stored, or {'claimed',
 * per event the store's reply…}. Only where one script may touch both (not Redis Cluster: the id is outside every
 * org's slot).
 */
export const CLAIM_AND_STORE_EVENTS_LUA = `${WEBHOOK_ID_FUNCTIONS}
${STORE_FUNCTION}
local claimed = claim(KEYS[1], ARGV[1], ARGV[2], ARGV[3])
if claimed ~= 'claimed' then return {claimed} end
local K = {}
for i = 2, #KEYS do K[i - 1] = KEYS[i] end
local A = {}
for i = 5, #ARGV do A[i - 4] = ARGV[i] end
local results = store(K, A)
local doneTtl = tonumber(ARGV[4])
if doneTtl > 0 then redis.call('SET', KEYS[1], 'done', 'EX', doneTtl) end
table.insert(results, 1, claimed)
return results
`;
