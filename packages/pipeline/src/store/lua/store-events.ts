/**
 * Records the desired state of many keys of ONE org atomically, each guarded by its event order.
 *
 * KEYS[1] due zset, KEYS[2] stats hash, KEYS[3] agent index hash, KEYS[4] known set, then per event two keys:
 * the desired-state hash (the unit of ordering) and a set the event's member joins (the known set, or for
 * schedules the set of agents of that schedule).
 * ARGV[1] now (ms), ARGV[2] due-at (ms): when the sweeper should pick the key up if no worker finished it,
 * then 9 values per event: member of the reconcile key, sequence, occurredAt (ms), event id, desired JSON, queue,
 * index value ('' = none), index field ('' = none), set member.
 *
 * The unit of ordering and the unit of work usually coincide (one agent). For schedules they do not: each
 * agent's shifts are ordered on their own, while one job uploads the whole schedule.
 *
 * An event is kept only if it is newer than the stored one (sequence, then occurredAt, then id); the same position
 * counts as a duplicate, an older one as stale. A kept event bumps `rev`, the desired-state revision that workers
 * compare with `appliedRev`, and puts the key in the due set (LT: an earlier due time is never pushed back).
 * Returns, per event: {outcome (1 kept, 0 duplicate, -1 stale), rev, previous index value}.
 */
export const STORE_EVENTS_LUA = `
local now = ARGV[1]
local dueAt = tonumber(ARGV[2])
local results = {}
local n = (#KEYS - 4) / 2
for i = 1, n do
  local base = 2 + (i - 1) * 9
  local stateKey = KEYS[3 + 2 * i]
  local setKey = KEYS[4 + 2 * i]
  local member = ARGV[base + 1]
  local seq = tonumber(ARGV[base + 2])
  local at = tonumber(ARGV[base + 3])
  local eid = ARGV[base + 4]
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
    redis.call('HSET', stateKey, 'seq', ARGV[base + 2], 'atMs', ARGV[base + 3], 'eid', eid,
      'desired', ARGV[base + 5], 'queue', ARGV[base + 6], 'updatedAt', now, 'status', 'pending')
    local rev = redis.call('HINCRBY', stateKey, 'rev', 1)
    redis.call('ZADD', KEYS[1], 'LT', dueAt, member)
    redis.call('SADD', KEYS[4], member)
    redis.call('SADD', setKey, ARGV[base + 9])
    local previous = ''
    if ARGV[base + 8] ~= '' then
      previous = redis.call('HGET', KEYS[3], ARGV[base + 8]) or ''
      redis.call('HSET', KEYS[3], ARGV[base + 8], ARGV[base + 7])
    end
    results[i] = {1, rev, previous}
  elseif outcome == 0 then
    redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
    results[i] = {0, 0, ''}
  else
    redis.call('HINCRBY', KEYS[2], 'stale', 1)
    results[i] = {-1, 0, ''}
  end
end
return results
`;
