import { parseTopology, TopologyIndex } from '@wfm-sync/config';
import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import {
  type FaultProfileInput,
  type GenerateFixtureOptions,
  generateFixture,
  type RunningSim,
  startSim,
  topologyFromFixture,
} from '@wfm-sync/gc-sim';
import type { GenesysRequestEvent } from '@wfm-sync/genesys-client';
import { createRedisConnection, type RedisConnection } from '@wfm-sync/redis-kit';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  createWorkerContext,
  EventRecorder,
  type PipelineContext,
  type PipelineSettings,
  type RegionWorkerOptions,
  type RunningRegionWorker,
  startRegionWorker,
  type WorkerListeningOptions,
} from '../src/index.js';

export interface Harness {
  sim: RunningSim;
  redis: TestRedis;
  topology: TopologyIndex;
  ctx: PipelineContext;
  /** The registry of `ctx`'s metrics. */
  registry: Registry;
  recorder: EventRecorder;
  requests: GenesysRequestEvent[];
  startWorker(options?: Partial<RegionWorkerOptions>): Promise<RunningRegionWorker>;
  /** A second, independent pipeline (own connection, own registry): as a second worker process would be. */
  secondContext(): PipelineContext;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Orgs of the fixture and the topology (the helpers below use the first). @defaultValue 1 */
  orgs?: number;
  agents?: number;
  trunks?: number;
  /** The rest of the generated fixture. @defaultValue seed 7 */
  fixture?: Pick<GenerateFixtureOptions, 'seed' | 'managementUnitsPerOrg'>;
  /** The org's wait for a schedule update to take effect. @defaultValue the topology's */
  scheduleOperationTimeoutS?: number;
  /** Names the test's Redis namespace. @defaultValue 'pipeline' */
  label?: string;
  faults?: FaultProfileInput;
  settings?: Partial<PipelineSettings>;
  requestsPerMinute?: number;
  mode?: 'live' | 'dry-run';
}

/** Owners that act within tens of milliseconds (the defaults are seconds). */
export const fastOwner: WorkerListeningOptions['owner'] = {
  tickMs: 50,
  topicRefreshMs: 100,
  acquireEveryMs: 250,
  leaseTtlMs: 3_000,
  timings: { heartbeatIntervalMs: 200, pingEveryMs: 1_000, pongTimeoutMs: 2_000 },
};

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fixture = generateFixture({
    seed: 7,
    ...options.fixture,
    orgs: options.orgs ?? 1,
    trunks: options.trunks ?? 3,
    agents: options.agents ?? 6,
  });
  const sim = await startSim({ fixture, faults: options.faults ?? {}, requestsPerMinute: 6000 });
  const redis = await createTestRedis(options.label ?? 'pipeline');
  const { topology: file, env } = topologyFromFixture(fixture, {
    baseUrl: sim.url,
    requestsPerMinute: options.requestsPerMinute ?? 6000,
    scheduleOperationTimeoutS: options.scheduleOperationTimeoutS,
  });
  if (options.mode) for (const org of file.orgs) (org as { mode: string }).mode = options.mode;
  const topology = new TopologyIndex(parseTopology(file, { source: 'harness', env }).topology);
  const requests: GenesysRequestEvent[] = [];
  const connections: RedisConnection[] = [];
  const settings = { trunkHealthMaxAgeMs: 60_000, sweepAfterMs: 60_000, ...options.settings };

  const makeContext = (registry = new Registry()) => {
    const connection = createRedisConnection({ url: redis.url, role: 'worker' });
    connections.push(connection);
    return createWorkerContext({
      redis: connection,
      topology,
      registry,
      logger: silent,
      prefix: redis.prefix,
      settings,
      onRequest: (event) => requests.push(event),
    });
  };
  const registry = new Registry();
  const ctx = makeContext(registry);
  const recorder = EventRecorder.of(ctx);
  const workers: RunningRegionWorker[] = [];
  const contexts: PipelineContext[] = [ctx];
  return {
    sim,
    redis,
    topology,
    ctx,
    registry,
    recorder,
    requests,
    startWorker: async (workerOptions = {}) => {
      const worker = await startRegionWorker(ctx, {
        region: 'all',
        trunkPollEveryMs: 60_000,
        sweepEveryMs: 200,
        ...workerOptions,
      });
      workers.push(worker);
      return worker;
    },
    secondContext: () => {
      const second = makeContext();
      contexts.push(second);
      return second;
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      for (const c of contexts) await c.queues.close();
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
      await sim.close();
      await redis.cleanup();
    },
  };
}

let eventCounter = 0;

export function agentEvent(
  orgId: string,
  data: AgentCapacityData,
  sequence: number,
  overrides: Partial<Pick<WfmEvent, 'id' | 'occurredAt'>> = {},
): Extract<WfmEvent, { type: 'agent.capacity.updated' }> {
  eventCounter += 1;
  return {
    id: overrides.id ?? `evt_${sequence}_${eventCounter}`,
    type: 'agent.capacity.updated',
    orgId,
    occurredAt: overrides.occurredAt ?? new Date(Date.UTC(2026, 10, 22, 9, 0, 0, sequence)).toISOString(),
    sequence,
    data,
  };
}

export function agentData(
  harness: Harness,
  index: number,
  callCapacity: number,
  available = true,
): AgentCapacityData {
  const agent = harness.sim.sim.fixture.orgs[0]!.agents[index]!;
  return {
    userId: agent.id,
    routingGroupId: agent.routingGroupId,
    trunkId: agent.trunkId,
    available,
    utilization: {
      call: { maximumCapacity: callCapacity },
      chat: { maximumCapacity: 2, interruptableMediaTypes: ['call'] },
    },
  };
}

/** The ids of the fixture's first schedule (of its org's one business unit). */
export function firstScheduleIds(harness: Harness): {
  businessUnitId: string;
  weekId: string;
  scheduleId: string;
} {
  const bu = harness.sim.sim.fixture.orgs[0]!.businessUnits[0]!;
  const { weekId, scheduleId } = bu.schedules[0]!;
  return { businessUnitId: bu.id, weekId, scheduleId };
}
