import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTopology, TopologyIndex } from '@wfm-sync/config';
import type { AgentCapacityData, WfmEvent } from '@wfm-sync/domain';
import { generateFixture, type RunningSim, startSim, topologyFromFixture } from '@wfm-sync/gc-sim';
import {
  createWorkerContext,
  EventRecorder,
  type PipelineContext,
  type RunningRegionWorker,
  startRegionWorker,
} from '@wfm-sync/pipeline';
import { createRedisConnection, type RedisConnection } from '@wfm-sync/redis-kit';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { runCli } from '../../src/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** gc-sim, a Redis namespace, a topology file and a pipeline (in-process worker) for the CLI to look at. */
export interface CliStack {
  sim: RunningSim;
  redis: TestRedis;
  topology: TopologyIndex;
  topologyFile: string;
  dir: string;
  /** The environment of the processes (and so of the CLI). */
  env: Record<string, string>;
  ctx: PipelineContext;
  recorder: EventRecorder;
  orgId: string;
  startWorker(): Promise<RunningRegionWorker>;
  /** Runs `wfm-sync <args>` in-process with the stack's environment; output captured. */
  run(args: string[], env?: Record<string, string>): Promise<CliRun>;
  agent(index: number, callCapacity: number): AgentCapacityData;
  close(): Promise<void>;
}

const silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export async function runCaptured(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env,
  });
  return { code, stdout, stderr };
}

export async function startCliStack(options: { agents?: number; trunks?: number } = {}): Promise<CliStack> {
  const fixture = generateFixture({
    seed: 5,
    orgs: 1,
    trunks: options.trunks ?? 3,
    agents: options.agents ?? 6,
    regions: ['ap-southeast-1'],
  });
  const sim = await startSim({ fixture, requestsPerMinute: 6000 });
  const redis = await createTestRedis('cli');
  const dir = mkdtempSync(join(tmpdir(), 'wfm-cli-'));
  const { topology: file, env: secrets } = topologyFromFixture(fixture, {
    baseUrl: sim.url,
    requestsPerMinute: 6000,
  });
  const topologyFile = join(dir, 'topology.json');
  writeFileSync(topologyFile, JSON.stringify(file));
  const topology = new TopologyIndex(parseTopology(file, { source: 'test', env: secrets }).topology);
  const env = {
    ...secrets,
    REDIS_URL: redis.url,
    TOPOLOGY_FILE: topologyFile,
    WFM_KEY_PREFIX: redis.prefix,
    LOG_LEVEL: 'warn',
    USER: 'tester',
  };
  const connection: RedisConnection = createRedisConnection({ url: redis.url, role: 'worker' });
  const registry = new Registry();
  const settings = { trunkHealthMaxAgeMs: 60_000, sweepAfterMs: 60_000 };
  const ctx = createWorkerContext({
    redis: connection,
    topology,
    registry,
    logger: silent,
    prefix: redis.prefix,
    settings,
  });
  const recorder = EventRecorder.of(ctx);
  const workers: RunningRegionWorker[] = [];
  const orgId = fixture.orgs[0]!.id;
  return {
    sim,
    redis,
    topology,
    topologyFile,
    dir,
    env,
    ctx,
    recorder,
    orgId,
    startWorker: async () => {
      const worker = await startRegionWorker(ctx, {
        region: 'all',
        trunkPollEveryMs: 60_000,
        sweepEveryMs: 200,
      });
      workers.push(worker);
      return worker;
    },
    run: (args, extra = {}) => runCaptured(args, { ...env, ...extra }),
    agent: (index, callCapacity) => {
      const agent = fixture.orgs[0]!.agents[index]!;
      return {
        userId: agent.id,
        routingGroupId: agent.routingGroupId,
        trunkId: agent.trunkId,
        available: true,
        utilization: { call: { maximumCapacity: callCapacity }, chat: { maximumCapacity: 2 } },
      };
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      await ctx.queues.close();
      await connection.quit();
      await sim.close();
      await redis.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let eventCounter = 0;

export function agentEvent(orgId: string, data: AgentCapacityData, sequence: number): WfmEvent {
  eventCounter += 1;
  return {
    id: `evt_cli_${sequence}_${eventCounter}`,
    type: 'agent.capacity.updated',
    orgId,
    occurredAt: new Date(Date.UTC(2026, 10, 22, 9, 0, 0, sequence)).toISOString(),
    sequence,
    data,
  };
}
