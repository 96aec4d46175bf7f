import type { SyncKey } from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import { LeaseLostError } from '../errors/lease-lost.js';
import { STORE_TIMEOFF_MAPPING_LUA } from './lua/timeoff-mapping.js';
import type { PipelineNames } from './names.js';

const storeMapping = new LuaScript('store-timeoff-mapping', STORE_TIMEOFF_MAPPING_LUA);

const MAPPING_FIELDS = ['genesysId', 'genesysUserId', 'genesysManagementUnitId'] as const;

const timeOffMappingSchema = z.object({
  genesysId: z.string().min(1),
  userId: z.string().min(1),
  managementUnitId: z.string().min(1),
});
/** The Genesys request that mirrors one external id: its id and where it lives (both are in its path). */
export type TimeOffMapping = z.infer<typeof timeOffMappingSchema>;

/** Which Genesys request mirrors each time-off key, kept in the key's state hash (docs/decisions/010). */
export class TimeOffMappingStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async load(key: SyncKey): Promise<TimeOffMapping | undefined> {
    const [genesysId, userId, managementUnitId] = await this.redis.hmget(
      this.names.stateKey(key),
      ...MAPPING_FIELDS,
    );
    if (!genesysId && !userId && !managementUnitId) return undefined;
    return timeOffMappingSchema.parse({ genesysId, userId, managementUnitId });
  }

  /** Stores the mapping while `token` holds the key's lease; throws LeaseLostError otherwise. */
  async store(key: SyncKey, token: string, mapping: TimeOffMapping): Promise<void> {
    const keys = this.names.org(key.orgId);
    const stored = await storeMapping.runNumber(
      this.redis,
      [keys.state(key.kind, key.id), keys.lease(key.kind, key.id)],
      [token, mapping.genesysId, mapping.userId, mapping.managementUnitId],
    );
    if (stored !== 1) throw new LeaseLostError(key);
  }
}
