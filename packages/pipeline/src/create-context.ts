import type { TopologyIndex } from '@wfm-sync/config';
import type { GenesysClient } from '@wfm-sync/genesys-client';
import { createGenesysClientMetrics, type GenesysRequestEvent } from '@wfm-sync/genesys-client';
import type { Logger } from '@wfm-sync/observability';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { Registry } from 'prom-client';
import { createOrgClients } from './clients.js';
import { DEFAULT_SETTINGS, type PipelineContext, type PipelineSettings } from './context.js';
import { QueueRegistry } from './ingest/queues.js';
import { createPipelineMetrics } from './metrics.js';
import type { OperatorContext } from './operator/context.js';
import { DeadLetters } from './store/dead-letters.js';
import { KeyStateStore } from './store/key-state.js';
import { LeaseManager } from './store/lease.js';
import { PipelineNames } from './store/names.js';
import { OrgHolds } from './store/org-holds.js';
import { DecisionTrail } from './store/trail.js';
import { TrunkHealthStore } from './store/trunk-health-store.js';

export interface CreateContextOptions {
  redis: RedisConnection;
  topology: TopologyIndex;
  registry: Registry;
  logger: Logger;
  clientFor(orgId: string): GenesysClient;
  prefix?: string;
  settings?: Partial<PipelineSettings>;
  now?: () => number;
}

export interface OperatorContextOptions {
  redis: RedisConnection;
  topology: TopologyIndex;
  logger: Logger;
  prefix?: string;
  settings?: Partial<PipelineSettings>;
  now?: () => number;
}

/** Redis stores and queues of a deployment, without Genesys clients: what operator tools may hold. */
export function createOperatorContext(options: OperatorContextOptions): OperatorContext {
  const names = new PipelineNames(options.prefix);
  const queues = new QueueRegistry(options.redis, names);
  const now = options.now ?? Date.now;
  return {
    redis: options.redis,
    names,
    topology: options.topology,
    queues,
    state: new KeyStateStore(options.redis, names),
    trunks: new TrunkHealthStore(options.redis, names),
    trail: new DecisionTrail(options.redis, names),
    deadLetters: new DeadLetters(queues),
    holds: new OrgHolds(options.redis, names, now),
    logger: options.logger,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    now,
  };
}

/** Everything a worker needs: the operator context plus leases, Genesys clients and metrics. */
export function createPipelineContext(options: CreateContextOptions): PipelineContext {
  const base = createOperatorContext(options);
  return {
    ...base,
    leases: new LeaseManager(options.redis, base.names, base.settings.leaseTtlMs),
    clientFor: options.clientFor,
    metrics: createPipelineMetrics(options.registry),
  };
}

export interface WorkerContextOptions extends Omit<CreateContextOptions, 'clientFor'> {
  /** Timeout of every Genesys request (capped further by a write's lease). */
  requestTimeoutMs?: number;
  /** Called after every Genesys request (benchmarks and tests count calls with it). */
  onRequest?: (event: GenesysRequestEvent) => void;
}

/**
 * A worker's context: the pipeline context with one Genesys client per org of the topology, sharing the org's token
 * and budget through the same Redis, their metrics in the same registry. `settings.syncMode: 'dry-run'` makes every
 * client refuse writes too.
 */
export function createWorkerContext(options: WorkerContextOptions): PipelineContext {
  return createPipelineContext({
    ...options,
    clientFor: createOrgClients({
      topology: options.topology,
      redis: options.redis,
      prefix: options.prefix ?? 'wfm',
      logger: options.logger,
      metrics: createGenesysClientMetrics(options.registry),
      syncMode: options.settings?.syncMode ?? 'live',
      requestTimeoutMs: options.requestTimeoutMs,
      onRequest: options.onRequest,
    }),
  });
}
