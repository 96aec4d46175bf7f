import type { TopologyIndex } from '@wfm-sync/config';
import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import { type RunningSim, type SimFixture, startSim } from '@wfm-sync/gc-sim';
import { createLogger, createMetricsRegistry } from '@wfm-sync/observability';
import {
  createWorkerContext,
  EventRecorder,
  type PipelineContext,
  type RunningRegionWorker,
  startRegionWorker,
} from '@wfm-sync/pipeline';
import { createRedisConnection, type RedisConnection } from '@wfm-sync/redis-kit';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { topologyOf } from './dashboard.js';

/** gc-sim, real Redis, ingest's recorder and one worker for every region, in this process (as packages/pipeline's harness). */
export interface RunningPipeline {
  sim: RunningSim;
  redis: TestRedis;
  topology: TopologyIndex;
  ctx: PipelineContext;
  recorder: EventRecorder;
  worker: RunningRegionWorker;
  close(): Promise<void>;
}

const silent = createLogger({
  service: 'worker',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
  pretty: false,
});

export async function startPipeline(
  fixture: SimFixture,
  beforeWorker: (sim: RunningSim) => void = () => {},
): Promise<RunningPipeline> {
  const sim = await startSim({ fixture, requestsPerMinute: 6_000 });
  beforeWorker(sim);
  const redis = await createTestRedis('dashboard-e2e');
  const topology = topologyOf(fixture, sim.url);
  const connection: RedisConnection = createRedisConnection({ url: redis.url, role: 'worker' });
  const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
  const ctx = createWorkerContext({
    redis: connection,
    topology,
    registry,
    logger: silent,
    prefix: redis.prefix,
    settings: { trunkHealthMaxAgeMs: 60_000, sweepAfterMs: 60_000 },
  });
  const recorder = EventRecorder.of(ctx);
  const worker = await startRegionWorker(ctx, { region: 'all', trunkPollEveryMs: 60_000, sweepEveryMs: 200 });
  return {
    sim,
    redis,
    topology,
    ctx,
    recorder,
    worker,
    close: async () => {
      await worker.close();
      await ctx.queues.close();
      await connection.quit();
      await sim.close();
      await redis.cleanup();
    },
  };
}

let eventCount = 0;

/** An `agent.capacity.updated` event as ingest would record it. */
export function agentEvent(orgId: string, data: AgentCapacityData, sequence = 1): WfmEvent {
  eventCount += 1;
  return {
    id: `evt_dashboard_${eventCount}`,
    type: 'agent.capacity.updated',
    orgId,
    occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, 0, sequence)).toISOString(),
    sequence,
    data,
  };
}
