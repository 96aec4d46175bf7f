import type { RedisConnection } from '@wfm-sync/redis-kit';
import {
  type LastListing,
  type ListingDecision,
  listingDecision,
  nextWaitJitterMs,
} from '../notifications/poll-cadence.js';
import type { OrgKeys } from '../store/redis-keys.js';
import type { ListingTimes } from './trunk-monitor.js';

export interface TrunkPollCadenceOptions {
  redis: RedisConnection;
  keysOf(orgId: string): Pick<OrgKeys, 'due' | 'base'>;
  /** `TRUNK_POLL_EVERY_MS`: the scheduler's tick, and the cadence whenever the org is not listening. */
  pollEveryMs: number;
  /** `TRUNK_SAFETY_POLL_MS`: the listing's cadence while the org listens and has no agent work pending. */
  safetyPollMs: number;
  /** `TRUNK_HEALTH_MAX_AGE_MS`: while the org listens with agent work pending, listings keep health within it. */
  gateMaxAgeMs: number;
  /** Whether the org's pushes flow now (`ListenerFeed.isListening`). */
  isListening(orgId: string): boolean;
  now(): number;
}

/** Redis key (a hash) of the org's last trunk listing's times (shared by every worker: any of them runs a tick). */
export function trunkListingKey(keys: Pick<OrgKeys, 'base'>): string {
  return `${keys.base}:trunk-listing`;
}

/** The org's listing record lives while listings happen; an org no longer polled loses it within the hour. */
const LISTING_RECORD_TTL_S = 3_600;

/**
 * Whether a trunk-poll tick lists the org's trunks (decision 024; the arithmetic is `listingDecision`): the scheduler
 * ticks every `TRUNK_POLL_EVERY_MS`; not listening, every tick lists; listening with nothing pending, only the
 * safety poll; listening with agent work pending, as seldom as the gate's bound allows.
 */
export class TrunkPollCadence {
  constructor(private readonly o: TrunkPollCadenceOptions) {}

  async decide(orgId: string): Promise<ListingDecision> {
    const listening = this.o.isListening(orgId);
    if (!listening) return { kind: 'list' };
    const keys = this.o.keysOf(orgId);
    const input = {
      listening,
      now: this.o.now(),
      last: await this.lastListing(keys),
      pollEveryMs: this.o.pollEveryMs,
      safetyPollMs: this.o.safetyPollMs,
      gateMaxAgeMs: this.o.gateMaxAgeMs,
    };
    // The due set is scanned only when the answer depends on it.
    const idle = listingDecision({ ...input, agentWorkPending: false });
    if (idle.kind === 'list') return idle;
    return listingDecision({ ...input, agentWorkPending: await this.agentWorkPending(keys.due) });
  }

  /** Records a listing (its answer is recorded in the trunk monitor by now). */
  async listed(orgId: string, times: ListingTimes): Promise<void> {
    const key = trunkListingKey(this.o.keysOf(orgId));
    const previous = await this.read(key);
    const waitMs = Math.max(0, times.sentAt - times.startedAt);
    await this.o.redis
      .multi()
      .hset(key, {
        startedAt: Math.round(times.startedAt),
        waitMs: Math.round(waitMs),
        waitJitterMs: Math.round(nextWaitJitterMs(previous, waitMs)),
        roundTripMs: Math.round(Math.max(0, times.answeredAt - times.sentAt)),
      })
      .expire(key, LISTING_RECORD_TTL_S)
      .exec();
  }

  private async lastListing(keys: Pick<OrgKeys, 'base'>): Promise<LastListing | undefined> {
    return this.read(trunkListingKey(keys));
  }

  private async read(key: string): Promise<(LastListing & { waitMs: number }) | undefined> {
    const fields = ['startedAt', 'waitMs', 'waitJitterMs', 'roundTripMs'] as const;
    const values = (await this.o.redis.hmget(key, ...fields)).map((v) =>
      v === null ? Number.NaN : Number(v),
    );
    if (values.length !== fields.length || !values.every(Number.isFinite)) return undefined;
    const [startedAt = 0, waitMs = 0, waitJitterMs = 0, roundTripMs = 0] = values;
    return { startedAt, waitMs, waitJitterMs, roundTripMs };
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
