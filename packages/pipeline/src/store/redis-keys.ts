import type { KeyKind, SyncKey } from '@wfm-sync/domain';

/**
 * Every Redis key of one org carries the hash tag `{orgId}`: an org's state, due set, leases and Genesys budget
 * live in one Redis Cluster slot, so every Lua script and MULTI touches a single slot (docs/decisions/005).
 */
export class OrgKeys {
  readonly base: string;

  constructor(
    readonly prefix: string,
    readonly orgId: string,
  ) {
    this.base = `${prefix}:{${orgId}}`;
  }

  /** Hash: desired state, sequence guard, applied state, status, latest plan of one key. */
  state(kind: KeyKind, id: string): string {
    return `${this.base}:k:${kind}:${id}`;
  }
  /** Capped list of the key's latest decisions (newest first). */
  trail(kind: KeyKind, id: string): string {
    return `${this.base}:trail:${kind}:${id}`;
  }
  /** List: W3C trace contexts of the events that changed the key, newest first (store/trace-links.ts). */
  traceLinks(kind: KeyKind, id: string): string {
    return `${this.base}:traces:${kind}:${id}`;
  }
  /** String: the lease (per-key mutual exclusion across processes); value = fencing token. */
  lease(kind: KeyKind, id: string): string {
    return `${this.base}:lease:${kind}:${id}`;
  }
  /** Monotonic counter that numbers leases (the fencing sequence). */
  fence(kind: KeyKind, id: string): string {
    return `${this.base}:fence:${kind}:${id}`;
  }
  /** Sorted set `kind:id` → time at which the sweeper should (re-)enqueue the key if it is still not done. */
  get due(): string {
    return `${this.base}:due`;
  }
  /** Hash reason → JSON OrgHold: why the org is held (paused, quota spent, client refused; decision 026). */
  get holds(): string {
    return `${this.base}:holds`;
  }
  /** Hash of counters for operators (stale and duplicate events). */
  get stats(): string {
    return `${this.base}:stats`;
  }
  /** Hash userId → `groupId|trunkId|available|callCapacity`: what pacing needs, kept by ingest atomically. */
  get agentIndex(): string {
    return `${this.base}:agents`;
  }
  /** Hash: trunk health cache (health, since, observedAt). */
  trunkHealth(trunkId: string): string {
    return `${this.base}:trunk-health:${trunkId}`;
  }
  /** Hash userId → queue name: agents parked on an unhealthy trunk. */
  parked(trunkId: string): string {
    return `${this.base}:parked:${trunkId}`;
  }
  /** Hash: one agent's desired shifts in one schedule (ordered per agent; the schedule is the unit of work). */
  scheduleAgentState(scheduleKeyId: string, userId: string): string {
    return `${this.base}:k:schedule-agent:${scheduleKeyId}/${encodeURIComponent(userId)}`;
  }
  /** Set of userIds with a desired state in one schedule. */
  scheduleAgents(scheduleKeyId: string): string {
    return `${this.base}:schedule-agents:${scheduleKeyId}`;
  }
  /** Set of every key member seen for this org (for resync and inspection). */
  get known(): string {
    return `${this.base}:known`;
  }
  /** Lock so that one sweeper at a time works on an org. */
  get sweepLock(): string {
    return `${this.base}:sweep-lock`;
  }
  keyOf(key: SyncKey): string {
    return this.state(key.kind, key.id);
  }
}

/** Webhook ids already processed (bounded by TTL), outside any org. */
export function webhookIdKey(prefix: string, webhookId: string): string {
  return `${prefix}:webhook:${webhookId}`;
}
