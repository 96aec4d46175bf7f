import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTopologyFile, TopologyIndex } from '@wfm-sync/config';
import {
  appScript,
  deleteKeysWithPrefix,
  freePort,
  redisForDemo,
  ServiceProcess,
  type SimProcess,
  type Stack,
  startSimProcess,
  startStack,
} from '@wfm-sync/local-stack';
import type { SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { Redis } from 'ioredis';

export interface DemoStack {
  dir: string;
  redis: { url: string; started: boolean };
  /** This run's Redis namespace. */
  prefix: string;
  sim: SimProcess;
  topologyFile: string;
  topology: TopologyIndex;
  stack: Stack;
  dashboard: ServiceProcess;
  webhookSecret: string;
  /** Stops every process, deletes this run's keys and a private Redis; the logs stay in `dir`. */
  stop(): Promise<void>;
}

/** The simulator's fault profile of the demo: ap-southeast-1 latency, 2% 5xx, 3 flapping trunks, an administrator. */
function demoFaults(fixture: SimFixture) {
  const org = fixture.orgs[0]!;
  return {
    latency: 'regional' as const,
    error5xxRate: 0.02,
    flapping: {
      trunkIds: org.trunks.slice(0, 3).map((t) => `${org.id}/${t.id}`),
      minDwellMs: 5_000,
      maxDwellMs: 20_000,
    },
    admin: { campaignEditsPerMinute: 6 },
  };
}

/** Redis, gc-sim, ingest, one worker per region and the dashboard (loopback only, no credentials). */
export async function startDemoStack(fixture: SimFixture, seed: number): Promise<DemoStack> {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-demo-'));
  const redis = await redisForDemo();
  const sim = await startSimProcess({
    label: 'gc-sim',
    logDir: dir,
    fixture,
    faults: demoFaults(fixture),
    writeTopology: true,
  });
  const { file: topologyFile, secrets } = sim.topology!;
  const topology = new TopologyIndex(loadTopologyFile(topologyFile, { ...process.env, ...secrets }).topology);
  const webhookSecret = `whsec_${Buffer.from(`demo-${seed}-webhook-signing-secret`).toString('base64')}`;
  // A namespace of its own per run: state applied to an earlier run's simulator must not look in step with this one.
  const prefix = `wfm-demo-${Date.now().toString(36)}`;
  const stack = await startStack({
    redisUrl: redis.url,
    prefix,
    topologyFile,
    env: secrets,
    webhookSecret,
    logDir: dir,
    ingestPort: process.env.PORT ? Number(process.env.PORT) : await freePort(),
    workers: topology.regions().map((region) => ({ region })),
  });
  const dashboardPort = await freePort();
  const dashboard = new ServiceProcess({
    name: 'dashboard',
    script: appScript('dashboard'),
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      TOPOLOGY_FILE: topologyFile,
      WFM_KEY_PREFIX: prefix,
      PORT: String(dashboardPort),
      DASHBOARD_LOOPBACK_ONLY: '1',
      LOG_LEVEL: 'warn',
      ...secrets,
    },
    logFile: join(dir, 'dashboard.log'),
    healthUrl: `http://127.0.0.1:${dashboardPort}`,
  });
  await dashboard.start();

  return {
    dir,
    redis,
    prefix,
    sim,
    topologyFile,
    topology,
    stack,
    dashboard,
    webhookSecret,
    stop: async () => {
      await Promise.all([stack.stop(), dashboard.stop()]);
      await sim.stop();
      const cleaner = new Redis(redis.url);
      await deleteKeysWithPrefix(cleaner, `${prefix}:`).catch(() => 0);
      cleaner.disconnect();
      await redis.stop();
    },
  };
}

/** Where to look, one line per process. */
export function whereToLook(demo: DemoStack): string[] {
  const { stack, sim, dir, redis, topologyFile, prefix } = demo;
  return [
    `dashboard  ${demo.dashboard.options.healthUrl}/   (queues, keys, dead letters; loopback only)`,
    `gc-sim     ${sim.url}/__sim/violations`,
    `ingest     ${stack.ingestUrl}/v1/webhooks/wfm   ${stack.ingestUrl}/openapi.json   ${stack.ingestUrl}/metrics`,
    ...stack.workers.map((worker) => `worker     ${worker.options.healthUrl}/metrics   (${worker.name})`),
    `logs       ${dir}`,
    `cli        set -a; . ${join(dir, 'topology.env')}; set +a; REDIS_URL=${redis.url} TOPOLOGY_FILE=${topologyFile} ` +
      `WFM_KEY_PREFIX=${prefix} npm run -s wfm-sync -- status`,
  ];
}
