import type { TopologyIndex } from '@wfm-sync/config';
import type { Logger } from '@wfm-sync/observability';
import {
  DEFAULT_SETTINGS,
  DeadLetters,
  DecisionTrail,
  deadLetterQueueName,
  KeyStateStore,
  type OperatorContext,
  PipelineNames,
  QueueRegistry,
  queuesOfRegion,
  TrunkHealthStore,
} from '@wfm-sync/pipeline';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { Queue } from 'bullmq';

export interface DashboardContextOptions {
  redis: RedisConnection;
  topology: TopologyIndex;
  logger: Logger;
  prefix: string;
  syncMode: 'live' | 'dry-run';
  now?: () => number;
}

/**
 * The slice of a pipeline context the operator queries read: Redis stores and queues only. Built here rather than
 * with createPipelineContext, which wants a Genesys client per org that the dashboard must never have.
 */
export function createDashboardContext(options: DashboardContextOptions): OperatorContext {
  const names = new PipelineNames(options.prefix);
  const queues = new QueueRegistry(options.redis, names);
  return {
    redis: options.redis,
    names,
    topology: options.topology,
    queues,
    state: new KeyStateStore(options.redis, names),
    trunks: new TrunkHealthStore(options.redis, names),
    trail: new DecisionTrail(options.redis, names),
    deadLetters: new DeadLetters(queues),
    logger: options.logger,
    settings: { ...DEFAULT_SETTINGS, syncMode: options.syncMode },
    now: options.now ?? Date.now,
  };
}

/** Every reconcile queue of every region of the topology, and each region's dead-letter queue. */
export function queuesOf(ctx: Pick<OperatorContext, 'topology' | 'queues'>): {
  queues: Queue[];
  deadLetterQueues: Queue[];
} {
  const regions = queuesOfRegion(ctx.topology, 'all');
  return {
    queues: regions.flatMap((region) => region.queues.map((name) => ctx.queues.get(name))),
    deadLetterQueues: regions.map((region) => ctx.queues.get(deadLetterQueueName(region.region))),
  };
}
