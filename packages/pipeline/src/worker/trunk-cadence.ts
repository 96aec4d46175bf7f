import type { RedisConnection } from '@wfm-sync/redis-kit';
import { trunkPollIntervalMs } from '../notifications/poll-cadence.js';
import type { OrgKeys } from '../store/redis-keys.js';

export interface TrunkPollCadenceOptions {
  redis: RedisConnection;
  keysOf(orgId: string): Pick<OrgKeys, 'due' | 'base'>;
  /** `TRUNK_POLL_EVERY_MS`: the scheduler's tick, and the cadence whenever the org is not only listening. */
  pollEveryMs: number;
  /** `TRUNK_SAFETY_POLL_MS`: the listing's cadence while the org listens and has no agent work pending. */
  safetyPollMs: number;
  /** Whether the org's pushes flow now (`ListenerFeed.isListening`). */
  isListening(orgId: string): boolean;
  now(): number;
}

/** Redis key of the time of an org's last trunk listing (shared by every worker: any of them runs the tick). */
export function trunkListedAtKey(keys: Pick<OrgKeys, 'base'>): string {
  return `${keys.base}:trunk-listed-at`;
}

/**
 * Whether a trunk-poll tick lists the org's trunks (decision 024): the scheduler ticks every `TRUNK_POLL_EVERY_MS`
 * as before; while the org listens and no agent write is due or parked, ticks skip the listing until
 * `TRUNK_SAFETY_POLL_MS` has passed since the last one. As soon as agent work is pending, or the org does not
 * listen, every tick lists, exactly as without notifications.
 */
export class TrunkPollCadence {
  constructor(private readonly o: TrunkPollCadenceOptions) {}

  async shouldList(orgId: string): Promise<boolean> {
    const listening = this.o.isListening(orgId);
    if (!listening) return true;
    const keys = this.o.keysOf(orgId);
    const last = Number((await this.o.redis.get(trunkListedAtKey(keys))) ?? 0) || 0;
    const elapsed = this.o.now() - last;
    const slowest = trunkPollIntervalMs({
      listening,
      agentWorkPending: false,
      pollEveryMs: this.o.pollEveryMs,
      safetyPollMs: this.o.safetyPollMs,
    });
    if (elapsed >= slowest) return true;
    const interval = trunkPollIntervalMs({
      listening,
      agentWorkPending: await this.agentWorkPending(keys.due),
      pollEveryMs: this.o.pollEveryMs,
      safetyPollMs: this.o.safetyPollMs,
    });
    // At today's cadence every tick lists (ticks are `pollEveryMs` apart, give or take the scheduler's jitter).
    return interval <= this.o.pollEveryMs || elapsed >= interval;
  }

  /** Records a listing sent at `at`. */
  async listed(orgId: string, at: number): Promise<void> {
    await this.o.redis.set(trunkListedAtKey(this.o.keysOf(orgId)), String(Math.round(at)));
  }

  /** An agent key is due (waiting, running or parked: parked agents stay in the due set for their re-check). */
  private async agentWorkPending(dueKey: string): Promise<boolean> {
    let cursor = '0';
    do {
      const [next, members] = await this.o.redis.zscan(dueKey, cursor, 'MATCH', 'agent:*', 'COUNT', 500);
      if (members.length > 0) return true;
      cursor = next;
    } while (cursor !== '0');
    return false;
  }
}
