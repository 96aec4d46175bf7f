import { deriveTrunkHealth, type TrunkHealth, type TrunkHealthFields } from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import type { TrunkUpdate } from './feed-messages.js';

/**
 * The health fields of a trunk after a push (genesys-api.md, Notifications): the push carries the connection,
 * REGISTER and OPTIONS states; `state`, `inService` and `enabled` come from the last read of the trunk. Feed the
 * result to `deriveTrunkHealth`. A field the push leaves out keeps its last read value.
 */
export function trunkFieldsAfterPush(lastRead: TrunkHealthFields, push: TrunkUpdate): TrunkHealthFields {
  return {
    ...lastRead,
    ...(push.connectedStatus === undefined ? {} : { connectedStatus: push.connectedStatus }),
    ...(push.registersStatus === undefined ? {} : { registersStatus: push.registersStatus }),
    ...(push.optionsStatus === undefined ? {} : { optionsStatus: push.optionsStatus }),
  };
}

const StoredReadSchema = z.object({
  state: z.string().optional(),
  inService: z.boolean().optional(),
  enabled: z.boolean().optional(),
  connectedStatus: z.object({ connected: z.boolean().optional() }).optional(),
  registersStatus: z.array(z.object({ registerState: z.boolean().optional() })).optional(),
  optionsStatus: z.array(z.object({ optionState: z.boolean().optional() })).optional(),
  /** When the read was sent (epoch ms). */
  at: z.number(),
});
export type StoredTrunkRead = z.infer<typeof StoredReadSchema>;

/**
 * The last read health fields of each trunk, so that a push (which lacks `state`, `inService`, `enabled`) can be
 * turned into a health by any worker. One hash per org (`<prefix>:{org}:notif:trunk-reads`, trunk id → JSON),
 * written by the trunk monitor after every listing and single-trunk read (`recordReads`), read on every pushed
 * trunk update (`healthAfterPush`).
 */
export class TrunkReadStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
  ) {}

  key(orgId: string): string {
    return `${this.prefix}:{${orgId}}:notif:trunk-reads`;
  }

  /** Records what reads sent at `at` answered; an older read never replaces a newer one's fields. */
  async recordReads(
    orgId: string,
    trunks: ReadonlyArray<TrunkHealthFields & { id: string }>,
    at: number,
  ): Promise<void> {
    if (trunks.length === 0) return;
    const key = this.key(orgId);
    const current = await this.redis.hmget(key, ...trunks.map((t) => t.id));
    const fields: string[] = [];
    trunks.forEach((trunk, i) => {
      const stored = parse(current[i] ?? null);
      if (stored && stored.at > at) return;
      const record: StoredTrunkRead = {
        ...(trunk.state === undefined ? {} : { state: trunk.state }),
        ...(trunk.inService === undefined ? {} : { inService: trunk.inService }),
        ...(trunk.enabled === undefined ? {} : { enabled: trunk.enabled }),
        ...(trunk.connectedStatus === undefined ? {} : { connectedStatus: trunk.connectedStatus }),
        ...(trunk.registersStatus === undefined ? {} : { registersStatus: trunk.registersStatus }),
        ...(trunk.optionsStatus === undefined ? {} : { optionsStatus: trunk.optionsStatus }),
        at,
      };
      fields.push(trunk.id, JSON.stringify(record));
    });
    if (fields.length > 0) await this.redis.hset(key, ...fields);
  }

  async lastRead(orgId: string, trunkId: string): Promise<StoredTrunkRead | undefined> {
    return parse(await this.redis.hget(this.key(orgId), trunkId));
  }

  /**
   * The trunk's health after `push`, combined with its last read; undefined when the trunk was never read (the
   * caller reads it instead). The push's states are newer than the read's, whatever its age: they replace them.
   */
  async healthAfterPush(push: TrunkUpdate): Promise<{ health: TrunkHealth; lastReadAt: number } | undefined> {
    const read = await this.lastRead(push.orgId, push.trunkId);
    if (!read) return undefined;
    return { health: deriveTrunkHealth(trunkFieldsAfterPush(read, push)), lastReadAt: read.at };
  }
}

function parse(text: string | null): StoredTrunkRead | undefined {
  if (text === null) return undefined;
  try {
    const parsed = StoredReadSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
