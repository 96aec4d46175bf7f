import type { TopologyIndex } from '@wfm-sync/config';
import type { Logger } from '@wfm-sync/observability';
import {
  createOperatorContext,
  deadLetterQueueName,
  type OperatorContext,
  queuesOfRegion,
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
 * The slice of a pipeline context the operator queries read: Redis stores and queues only — never a Genesys
 * client, which the dashboard must not have.
 */
export function createDashboardContext(options: DashboardContextOptions): OperatorContext {
  return createOperatorContext({ ...options, settings: { syncMode: options.syncMode } });
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
