import type { SyncKey } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { PipelineNames } from './names.js';

export const DECISION_OUTCOMES = [
  'applied',
  'noop',
  'parked',
  'held',
  'planned',
  'retried',
  'waiting',
  'dead-lettered',
  // Not a worker's decision: an operator cleared the key's event order (`wfm-sync key reset`).
  'ordering-reset',
] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** One line of a key's decision trail: what a worker decided, and why. */
export interface Decision {
  at: string;
  worker: string;
  attempt: number;
  outcome: DecisionOutcome;
  reason: string;
  detail?: string;
  rev?: number;
}

export const TRAIL_LENGTH = 25;
const TRAIL_TTL_S = 30 * 86_400;

/** The last TRAIL_LENGTH decisions per key, newest first; bounded in length and age. */
export class DecisionTrail {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async record(key: SyncKey, decision: Decision): Promise<void> {
    const trailKey = this.names.org(key.orgId).trail(key.kind, key.id);
    await this.redis
      .multi()
      .lpush(trailKey, JSON.stringify(decision))
      .ltrim(trailKey, 0, TRAIL_LENGTH - 1)
      .expire(trailKey, TRAIL_TTL_S)
      .exec();
  }

  async read(key: SyncKey, limit = TRAIL_LENGTH): Promise<Decision[]> {
    const items = await this.redis.lrange(this.names.org(key.orgId).trail(key.kind, key.id), 0, limit - 1);
    return items.map((item) => JSON.parse(item) as Decision);
  }
}
