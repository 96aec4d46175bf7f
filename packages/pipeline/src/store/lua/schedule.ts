/**
 * Records, fenced by the schedule's lease, what a run decided for some agents of the schedule.
 * KEYS[1] the schedule's lease, KEYS[2..] agent hashes (`k:schedule-agent:<schedule>/<user>`).
 * ARGV[1] token, ARGV[2] now ms, then 4 values per agent: outcome (`applied`, `noop` or `dead-lettered`), the
 * desired rev it is about, the fingerprint of the shifts now in Genesys ('' keeps the old), reason.
 * `appliedRev`/`deadRev` only grow; status and reason change only while the rev is still the agent's latest
 * (a newer event has already set the status back to `pending`).
 * Returns -1 if the lease was lost, else 1.
 */
export const RECORD_SCHEDULE_AGENTS_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
for i = 2, #KEYS do
  local base = 2 + (i - 2) * 4
  local outcome = ARGV[base + 1]
  local rev = tonumber(ARGV[base + 2])
  local current = tonumber(redis.call('HGET', KEYS[i], 'rev') or '0')
  if outcome == 'dead-lettered' then
    local dead = tonumber(redis.call('HGET', KEYS[i], 'deadRev') or '0')
    if rev > dead then redis.call('HSET', KEYS[i], 'deadRev', rev) end
  else
    local applied = tonumber(redis.call('HGET', KEYS[i], 'appliedRev') or '0')
    if rev >= applied then
      redis.call('HSET', KEYS[i], 'appliedRev', rev, 'appliedAt', ARGV[2])
      if ARGV[base + 3] ~= '' then redis.call('HSET', KEYS[i], 'appliedFingerprint', ARGV[base + 3]) end
    end
  end
  if rev == current then redis.call('HSET', KEYS[i], 'status', outcome, 'reason', ARGV[base + 4]) end
end
return 1
`;

/**
 * Ends a run of a schedule: counts the agents still behind and takes the schedule out of the due set only when
 * none is (an agent is done when its rev is applied or dead-lettered). An agent added to the set after the run
 * read it is not among KEYS, so a set larger than KEYS counts as behind too.
 * KEYS[1] lease, KEYS[2] due zset, KEYS[3] schedule state hash, KEYS[4] set of the schedule's agents, KEYS[5..]
 * every agent hash of the set as the run read it. ARGV[1] token, ARGV[2] now ms, ARGV[3] due member,
 * ARGV[4] status when nothing is behind, ARGV[5] reason, ARGV[6] plan JSON ('' keeps the old), ARGV[7] 1 when
 * Genesys was read or written now.
 * The schedule hash gets `rev` (sum of the agents' revs: grows with every kept event) and `appliedRev` (sum of
 * the revs applied or dead-lettered), so rev = appliedRev exactly when the schedule is done.
 * Returns -1 if the lease was lost, else the number of agents behind.
 */
export const FINISH_SCHEDULE_RUN_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local behind = 0
local revSum = 0
local doneSum = 0
for i = 5, #KEYS do
  local h = redis.call('HMGET', KEYS[i], 'rev', 'appliedRev', 'deadRev')
  local rev = tonumber(h[1] or '0')
  local done = math.max(tonumber(h[2] or '0'), tonumber(h[3] or '0'))
  revSum = revSum + rev
  doneSum = doneSum + math.min(rev, done)
  if rev > done then behind = behind + 1 end
end
if redis.call('SCARD', KEYS[4]) > #KEYS - 4 then behind = behind + 1 end
local status = ARGV[4]
if behind > 0 then status = 'pending' end
redis.call('HSET', KEYS[3], 'status', status, 'reason', ARGV[5], 'rev', revSum, 'appliedRev', doneSum,
  'agentsBehind', behind, 'appliedAt', ARGV[2])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], 'plan', ARGV[6]) end
if ARGV[7] == '1' then redis.call('HSET', KEYS[3], 'verifiedAt', ARGV[2]) end
if behind == 0 then redis.call('ZREM', KEYS[2], ARGV[3]) end
return behind
`;

/**
 * Sets (ARGV[3] not '') or deletes one field of a hash, only while ARGV[1] still holds the lease KEYS[1].
 * KEYS[2] the hash, ARGV[2] the field. Returns 1, or -1 if the lease was lost.
 */
export const FENCED_FIELD_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[2], ARGV[2])
else
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
end
return 1
`;
