import type { KeyKind, Plan, SyncKey } from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import { COMMIT_APPLIED_LUA, RECORD_PENDING_LUA } from './lua/commit.js';
import type { PipelineNames } from './names.js';

export const KEY_STATUSES = [
  'pending',
  'applied',
  'noop',
  'parked',
  // The key's org is held (paused, quota spent, client refused): it waits and is woken when the hold ends.
  'held',
  'planned',
  'retrying',
  'dead-lettered',
] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

/** One key's record in Redis (see lua/store-events.ts for how ingest writes it). */
export interface KeyState {
  /** Desired state as the winning event's `data`, still JSON text: each reconciler parses its own kind. */
  desiredJson: string | undefined;
  /** Desired-state revision: +1 for every event kept. */
  rev: number;
  appliedRev: number;
  appliedJson: string | undefined;
  appliedAt: number | undefined;
  /** Last time Genesys was read or written for this key and matched. */
  verifiedAt: number | undefined;
  status: KeyStatus | undefined;
  reason: string | undefined;
  queue: string | undefined;
  parkCount: number;
  sequence: number | undefined;
  planJson: string | undefined;
}

const commitApplied = new LuaScript('commit-applied', COMMIT_APPLIED_LUA);
const recordPending = new LuaScript('record-pending', RECORD_PENDING_LUA);

function num(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Reads and (fenced by the lease) updates per-key records. */
export class KeyStateStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async load(key: SyncKey): Promise<KeyState> {
    const h = await this.redis.hgetall(this.names.stateKey(key));
    return {
      desiredJson: h.desired,
      rev: num(h.rev) ?? 0,
      appliedRev: num(h.appliedRev) ?? 0,
      appliedJson: h.applied || undefined,
      appliedAt: num(h.appliedAt),
      verifiedAt: num(h.verifiedAt),
      status: h.status as KeyStatus | undefined,
      reason: h.reason || undefined,
      queue: h.queue || undefined,
      parkCount: num(h.parkCount) ?? 0,
      sequence: num(h.seq),
      planJson: h.plan || undefined,
    };
  }

  /**
   * Records the applied (or confirmed) state at `rev`, only while `token` still holds the lease.
   * Returns the current desired rev (greater than `rev`: a newer desired state arrived, go again), or
   * undefined when the lease was lost.
   */
  async commit(
    key: SyncKey,
    token: string,
    change: { rev: number; appliedJson?: string; status: 'applied' | 'noop'; verified: boolean; plan: Plan },
    now: number,
  ): Promise<number | undefined> {
    const keys = this.names.org(key.orgId);
    const result = await commitApplied.runNumber(
      this.redis,
      [keys.state(key.kind, key.id), keys.lease(key.kind, key.id), keys.due],
      [
        token,
        change.rev,
        change.appliedJson ?? '',
        now,
        `${key.kind}:${key.id}`,
        change.status,
        change.verified ? 1 : 0,
        JSON.stringify(change.plan),
      ],
    );
    return result < 0 ? undefined : result;
  }

  /**
   * Records a decision that leaves the key not applied. `dueAt` undefined takes it out of the sweeper's due set
   * (dead letters: only a new event or a replay brings it back). Returns the park count, or undefined if the
   * lease was lost.
   */
  async markPending(
    key: SyncKey,
    token: string,
    change: { status: KeyStatus; reason: string; dueAt?: number; plan?: Plan; countPark?: boolean },
  ): Promise<number | undefined> {
    const keys = this.names.org(key.orgId);
    const result = await recordPending.runNumber(
      this.redis,
      [keys.state(key.kind, key.id), keys.lease(key.kind, key.id), keys.due],
      [
        token,
        change.status,
        change.reason,
        change.dueAt === undefined ? '' : Math.round(change.dueAt),
        `${key.kind}:${key.id}`,
        change.plan ? JSON.stringify(change.plan) : '',
        change.countPark ? 1 : 0,
      ],
    );
    return result < 0 ? undefined : result;
  }
}

export function stateKind(kind: string): KeyKind {
  return kind as KeyKind;
}
