import type { TopologyIndex } from '@wfm-sync/config';
import { createGenesysClientMetrics } from '@wfm-sync/genesys-client';
import { createMetricsRegistry } from '@wfm-sync/observability';
import {
  createOrgClients,
  createPipelineContext,
  type PipelineContext,
  type RunningRegionWorker,
  startRegionWorker,
} from '@wfm-sync/pipeline';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { testLogger } from './ingest.js';

export interface InProcessWorkerOptions {
  redisUrl: string;
  prefix: string;
  topology: TopologyIndex;
  /** @defaultValue 200 */
  sweepEveryMs?: number;
}

export interface InProcessWorker {
  ctx: PipelineContext;
  worker: RunningRegionWorker;
  close(): Promise<void>;
}

/** A worker for every region, as the worker process would run it, on its own connection and registry. */
export async function startInProcessWorker(options: InProcessWorkerOptions): Promise<InProcessWorker> {
  const logger = testLogger();
  const redis = createRedisConnection({
    url: options.redisUrl,
    role: 'worker',
    connectionName: 'worker-test',
  });
  redis.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
  const ctx = createPipelineContext({
    redis,
    topology: options.topology,
    registry,
    logger,
    prefix: options.prefix,
    settings: { trunkHealthMaxAgeMs: 60_000 },
    clientFor: createOrgClients({
      topology: options.topology,
      redis,
      prefix: options.prefix,
      logger,
      metrics: createGenesysClientMetrics(registry),
      syncMode: 'live',
    }),
  });
  const worker = await startRegionWorker(ctx, {
    region: 'all',
    trunkPollEveryMs: 60_000,
    sweepEveryMs: options.sweepEveryMs ?? 200,
  });
  return {
    ctx,
    worker,
    close: async () => {
      await worker.close();
      await ctx.queues.close();
      await redis.quit();
    },
  };
}
