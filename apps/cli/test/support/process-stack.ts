import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultProfileInput, RunningSim, SimFixture } from '@wfm-sync/gc-sim';
import { startSim } from '@wfm-sync/gc-sim';
import { type Stack, startStack, WebhookSender, writeTopologyFile } from '@wfm-sync/local-stack';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';

/** gc-sim in-process, a Redis namespace, and ingest plus one worker as real processes; the CLI's environment. */
export interface ProcessStack {
  sim: RunningSim;
  redis: TestRedis;
  stack: Stack;
  sender: WebhookSender;
  topologyFile: string;
  /** Writes the topology again (another mode); the processes read it on SIGHUP. */
  writeTopology(mode: 'live' | 'dry-run'): void;
  cliEnv: Record<string, string>;
  /** `{prefix}:{org}:k:<kind>:<id>` */
  stateKey(orgId: string, kind: string, id: string): string;
  /** Latest decision of a key's trail. */
  latestDecision(
    orgId: string,
    kind: string,
    id: string,
  ): Promise<{ outcome: string; reason: string; rev?: number } | undefined>;
}

/** Starts a ProcessStack for one test file; `stop()` (in afterAll) tears down what was started. */
export function processStackLifecycle(name: string): {
  start(options: {
    fixture: SimFixture;
    seed: number;
    faults?: FaultProfileInput;
    mode?: 'live' | 'dry-run';
    workerEnv?: Record<string, string>;
  }): Promise<ProcessStack>;
  stop(): Promise<void>;
} {
  const secret = `whsec_${Buffer.from(`${name}-test-secret-0123456789`).toString('base64')}`;
  const dir = mkdtempSync(join(tmpdir(), `wfm-${name}-`));
  let sim: RunningSim | undefined;
  let redis: TestRedis | undefined;
  let stack: Stack | undefined;
  return {
    async start(options) {
      sim = await startSim({
        fixture: options.fixture,
        seed: options.seed,
        requestsPerMinute: 6_000,
        faults: { latency: { p50Ms: 5, p99Ms: 30 }, ...options.faults },
      });
      redis = await createTestRedis(name);
      const url = sim.url;
      const writeTopology = (mode: 'live' | 'dry-run') =>
        writeTopologyFile(options.fixture, dir, { baseUrl: url, requestsPerMinute: 6_000, mode });
      const { topologyFile, env: secrets } = writeTopology(options.mode ?? 'live');
      stack = await startStack({
        redisUrl: redis.url,
        prefix: redis.prefix,
        topologyFile,
        env: secrets,
        webhookSecret: secret,
        logDir: dir,
        logLevel: 'warn',
        workers: [
          {
            region: options.fixture.orgs[0]?.region ?? 'ap-southeast-1',
            env: { TRUNK_POLL_EVERY_MS: '500', SWEEP_EVERY_MS: '250', ...options.workerEnv },
          },
        ],
        ingestEnv: { SWEEP_AFTER_MS: '3000' },
      });
      const client = redis.client;
      const prefix = redis.prefix;
      return {
        sim,
        redis,
        stack,
        sender: new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, secret),
        topologyFile,
        writeTopology: (mode) => void writeTopology(mode),
        cliEnv: {
          ...secrets,
          REDIS_URL: redis.url,
          TOPOLOGY_FILE: topologyFile,
          WFM_KEY_PREFIX: prefix,
          LOG_LEVEL: 'warn',
        },
        stateKey: (orgId, kind, id) => `${prefix}:{${orgId}}:k:${kind}:${id}`,
        async latestDecision(orgId, kind, id) {
          const [first] = await client.lrange(`${prefix}:{${orgId}}:trail:${kind}:${id}`, 0, 0);
          return first === undefined ? undefined : JSON.parse(first);
        },
      };
    },
    async stop() {
      await stack?.stop();
      await sim?.close();
      await redis?.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
