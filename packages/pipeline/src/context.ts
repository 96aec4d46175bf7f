import type { TopologyIndex } from '@wfm-sync/config';
import type { SyncKey } from '@wfm-sync/domain';
import type { GenesysClient } from '@wfm-sync/genesys-client';
import type { Logger } from '@wfm-sync/observability';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { QueueRegistry } from './ingest/queues.js';
import type { PipelineMetrics } from './metrics.js';
import type { DeadLetters } from './store/dead-letters.js';
import type { KeyStateStore } from './store/key-state.js';
import type { LeaseManager } from './store/lease.js';
import type { PipelineNames } from './store/names.js';
import type { OrgHolds } from './store/org-holds.js';
import type { DecisionTrail } from './store/trail.js';
import type { TrunkHealthStore } from './store/trunk-health-store.js';

export interface PipelineSettings {
  /** Lease length; also the longest a write may take (the client caps its timeout to the lease). @defaultValue 30000 */
  leaseTtlMs: number;
  /** A trunk health read younger than this gates agent writes without a new read. @defaultValue 4000 */
  trunkHealthMaxAgeMs: number;
  /** How long what wfm-sync last wrote is trusted as Genesys' current value before it is read again. @defaultValue 300000 */
  driftCheckMs: number;
  /** In dry-run, how soon a planned key is planned again (so switching to live applies it). @defaultValue 60000 */
  dryRunRecheckMs: number;
  /** When ingest records a key, when the sweeper should pick it up if no worker has finished it. @defaultValue 10000 */
  sweepAfterMs: number;
  /** `dry-run` makes every org read-only; `live` defers to each org's mode. @defaultValue 'live' */
  syncMode: 'live' | 'dry-run';
  /** Crash points for tests; never set in production. @defaultValue undefined */
  testHooks?: PipelineTestHooks;
}

export interface PipelineTestHooks {
  /** Called after a time-off create returned, before its mapping is stored (the worker's env hook kills itself here). */
  afterTimeOffCreate?: (key: SyncKey) => void;
}

export const DEFAULT_SETTINGS: PipelineSettings = {
  leaseTtlMs: 30_000,
  trunkHealthMaxAgeMs: 4_000,
  driftCheckMs: 300_000,
  dryRunRecheckMs: 60_000,
  sweepAfterMs: 10_000,
  syncMode: 'live',
};

/** Everything a reconcile needs, passed in (no container, no globals). */
export interface PipelineContext {
  redis: RedisConnection;
  names: PipelineNames;
  topology: TopologyIndex;
  queues: QueueRegistry;
  state: KeyStateStore;
  leases: LeaseManager;
  trunks: TrunkHealthStore;
  trail: DecisionTrail;
  deadLetters: DeadLetters;
  /** Per-org holds (paused, quota spent, client refused): checked before every job (decision 026). */
  holds: OrgHolds;
  clientFor(orgId: string): GenesysClient;
  metrics: PipelineMetrics;
  logger: Logger;
  settings: PipelineSettings;
  now(): number;
}

export function isDryRun(ctx: Pick<PipelineContext, 'topology' | 'settings'>, orgId: string): boolean {
  return ctx.settings.syncMode === 'dry-run' || ctx.topology.org(orgId)?.mode === 'dry-run';
}
