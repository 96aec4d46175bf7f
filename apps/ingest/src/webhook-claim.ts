import { randomUUID } from 'node:crypto';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';

/** The webhook-id value once a delivery's events are stored: a later delivery of the id is a duplicate. */
export const DONE = 'done';
const PROCESSING = 'processing';
/** Redis-side backstop only; a claim is abandoned as soon as its claimer's deadline has passed (below). */
const CLAIM_TTL_MS = 30_000;

/**
 * Claims a webhook-id for one delivery, atomically. KEYS[1] the webhook-id key; ARGV[1] the claim
 * (`processing:<claimer's deadline ms>:<token>`), ARGV[2] now ms, ARGV[3] ttl ms.
 * Returns `done` (stored before), `busy` (another delivery works on it, before its deadline) or `claimed`.
 * A claim whose deadline passed is taken over: its claimer has answered 503 and stopped, even if its claim only
 * landed now, late, after a stalled Redis resumed. A bare `processing` (written before decision 018) stays busy
 * until its ttl expires.
 */
const CLAIM_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur then
  if string.sub(cur, 1, 10) ~= 'processing' then return 'done' end
  local deadline = tonumber(string.match(cur, '^processing:(%d+):'))
  if deadline == nil or deadline > tonumber(ARGV[2]) then return 'busy' end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 'claimed'
`;

/** Deletes the claim only if it is still this delivery's (a late release must not free someone else's claim). */
const RELEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const claimScript = new LuaScript('claim-webhook-id', CLAIM_LUA);
const releaseScript = new LuaScript('release-webhook-id', RELEASE_LUA);

export type ClaimOutcome = 'claimed' | 'busy' | 'done';

/** One delivery's claim on its webhook-id: of concurrent deliveries of one id, one records (the others get 503). */
export class WebhookClaim {
  private readonly value: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly idKey: string,
    /** Epoch ms after which this delivery no longer works on the id (its answer deadline). */
    deadlineMs: number,
  ) {
    // randomUUID draws from a cached pool of random bytes; randomBytes(8) was one getrandom call per webhook.
    this.value = `${PROCESSING}:${Math.ceil(deadlineMs)}:${randomUUID()}`;
  }

  async claim(now = Date.now()): Promise<ClaimOutcome> {
    const outcome = await claimScript.run(this.redis, [this.idKey], [this.value, now, CLAIM_TTL_MS]);
    if (outcome === 'claimed' || outcome === 'busy' || outcome === 'done') return outcome;
    throw new Error(`claim-webhook-id returned ${String(outcome)}`);
  }

  /** The events are stored: a redelivery is a duplicate from now on (also when this lands late: they are stored). */
  async markDone(ttlS: number): Promise<void> {
    await this.redis.set(this.idKey, DONE, 'EX', ttlS);
  }

  async release(): Promise<void> {
    await releaseScript.run(this.redis, [this.idKey], [this.value]);
  }
}
