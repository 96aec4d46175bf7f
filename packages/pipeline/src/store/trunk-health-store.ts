import { TRUNK_HEALTHS, type TrunkHealth } from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import { STORE_TRUNK_HEALTH_LUA } from './lua/trunk-health.js';
import type { PipelineNames } from './names.js';

const storeTrunkHealth = new LuaScript('store-trunk-health', STORE_TRUNK_HEALTH_LUA);

export interface TrunkHealthRecord {
  health: TrunkHealth;
  /** When this health began (epoch ms), as far as wfm-sync has seen. */
  since: number;
  /** When Genesys was read (epoch ms, taken before the read started). */
  observedAt: number;
}

export interface TrunkObservation {
  changed: boolean;
  previous: TrunkHealth | undefined;
  since: number;
  /** Agents parked on this trunk that were made due now: `userId` → queue name. */
  woken: { userId: string; queue: string }[];
}

function isHealth(value: string | undefined): value is TrunkHealth {
  return value !== undefined && (TRUNK_HEALTHS as readonly string[]).includes(value);
}

/** The trunk health cache and the agents parked on each trunk. */
export class TrunkHealthStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async get(orgId: string, trunkId: string): Promise<TrunkHealthRecord | undefined> {
    const [health, since, observedAt] = await this.redis.hmget(
      this.names.org(orgId).trunkHealth(trunkId),
      'health',
      'since',
      'observedAt',
    );
    if (!isHealth(health ?? undefined)) return undefined;
    return { health: health as TrunkHealth, since: Number(since), observedAt: Number(observedAt) };
  }

  async observe(
    orgId: string,
    trunkId: string,
    health: TrunkHealth,
    observedAt: number,
  ): Promise<TrunkObservation> {
    const keys = this.names.org(orgId);
    const result = (await storeTrunkHealth.run(
      this.redis,
      [keys.trunkHealth(trunkId), keys.parked(trunkId), keys.due],
      [health, observedAt, Date.now(), 'agent:'],
    )) as [number, string, string, string[]];
    const [changed, previous, since, flat] = result;
    const woken: { userId: string; queue: string }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) woken.push({ userId: flat[i]!, queue: flat[i + 1]! });
    return {
      changed: changed === 1,
      previous: isHealth(previous) ? previous : undefined,
      since: Number(since),
      woken,
    };
  }

  async park(orgId: string, trunkId: string, userId: string, queue: string): Promise<void> {
    const parkedKey = this.names.org(orgId).parked(trunkId);
    await this.redis
      .multi()
      .hset(parkedKey, userId, queue)
      .expire(parkedKey, 7 * 86_400)
      .exec();
  }

  async parkedAgents(orgId: string, trunkId: string): Promise<string[]> {
    return this.redis.hkeys(this.names.org(orgId).parked(trunkId));
  }
}
