import {
  activeHolds,
  type KeyKind,
  ORG_HOLD_REASONS,
  type OrgHold,
  type OrgHoldReason,
} from '@wfm-sync/domain';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import type { PipelineNames } from './names.js';

export { ORG_HOLD_REASONS, type OrgHold, type OrgHoldReason };

const storedHold = z.object({
  since: z.number(),
  until: z.number().optional(),
  detail: z.string(),
});

const BATCH = 1_000;

/**
 * The holds of each org in Redis (`{org}:holds`, one field per reason; docs/decisions/026). Workers read them
 * before every job; operators and the error policy set and lift them. Lifting the last hold wakes the keys it
 * held back (their due time becomes now, so the sweeper enqueues them).
 */
export class OrgHolds {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
    private readonly now: () => number = Date.now,
  ) {}

  /** Holds in force (paused first); a spent quota whose time has passed is left out. */
  async active(orgId: string): Promise<OrgHold[]> {
    return activeHolds(await this.all(orgId), this.now());
  }

  /** Every stored hold, expired ones included (the metrics and `status` show a quota until it is cleared). */
  async all(orgId: string): Promise<OrgHold[]> {
    const fields = await this.redis.hgetall(this.names.org(orgId).holds);
    const holds: OrgHold[] = [];
    for (const reason of ORG_HOLD_REASONS) {
      const raw = fields[reason];
      if (raw === undefined) continue;
      const parsed = storedHold.safeParse(safeJson(raw));
      if (parsed.success) holds.push({ reason, ...parsed.data });
    }
    return holds;
  }

  /** Sets a hold; true when the org had no hold of this reason before (the caller logs the change once). */
  async hold(orgId: string, reason: OrgHoldReason, detail: string, until?: number): Promise<boolean> {
    const value = JSON.stringify({ since: this.now(), until, detail });
    const added = await this.redis.hset(this.names.org(orgId).holds, reason, value);
    return added === 1;
  }

  /**
   * Lifts a hold. When no hold remains in force, wakes the keys held back; returns how many were woken
   * (0 when the org is still held, or had nothing waiting).
   */
  async lift(orgId: string, reason: OrgHoldReason): Promise<number> {
    await this.redis.hdel(this.names.org(orgId).holds, reason);
    if ((await this.active(orgId)).length > 0) return 0;
    return this.wakeHeld(orgId);
  }

  /** Sets the due time of every key recorded as `held` to now: the sweeper enqueues them on its next pass. */
  async wakeHeld(orgId: string): Promise<number> {
    const keys = this.names.org(orgId);
    const members = await this.redis.zrange(keys.due, 0, -1);
    let woken = 0;
    for (let start = 0; start < members.length; start += BATCH) {
      const batch = members.slice(start, start + BATCH);
      const reads = this.redis.pipeline();
      for (const member of batch) {
        const split = member.indexOf(':');
        reads.hget(keys.state(member.slice(0, split) as KeyKind, member.slice(split + 1)), 'status');
      }
      const statuses = (await reads.exec()) ?? [];
      const held = batch.filter((_, i) => statuses[i]?.[1] === 'held');
      if (held.length === 0) continue;
      const now = this.now();
      await this.redis.zadd(keys.due, 'XX', ...held.flatMap((member) => [now, member]));
      woken += held.length;
    }
    return woken;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
