import type { TopologyIndex } from '@wfm-sync/config';
import type { GenesysClient } from '@wfm-sync/genesys-client';
import type { Logger } from '@wfm-sync/observability';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { Registry } from 'prom-client';
import { DEFAULT_SETTINGS, type PipelineContext, type PipelineSettings } from './context.js';
import { DeadLetters } from './dead-letters.js';
import { KeyStateStore } from './key-state.js';
import { LeaseManager } from './lease.js';
import { createPipelineMetrics } from './metrics.js';
import { PipelineNames } from './names.js';
import { QueueRegistry } from './queues.js';
import { DecisionTrail } from './trail.js';
import { TrunkHealthStore } from './trunk-health-store.js';

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

export function createPipelineContext(options: CreateContextOptions): PipelineContext {
  const names = new PipelineNames(options.prefix);
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const queues = new QueueRegistry(options.redis, names);
  return {
    redis: options.redis,
    names,
    topology: options.topology,
    queues,
    state: new KeyStateStore(options.redis, names),
    leases: new LeaseManager(options.redis, names, settings.leaseTtlMs),
    trunks: new TrunkHealthStore(options.redis, names),
    trail: new DecisionTrail(options.redis, names),
    deadLetters: new DeadLetters(queues),
    clientFor: options.clientFor,
    metrics: createPipelineMetrics(options.registry),
    logger: options.logger,
    settings,
    now: options.now ?? Date.now,
  };
}
