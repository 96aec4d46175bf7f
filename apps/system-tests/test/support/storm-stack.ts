import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FaultProfileInput,
  type RunningSim,
  type SimFixture,
  type SimTopology,
  startSim,
  type TopologyOptions,
} from '@wfm-sync/gc-sim';
import {
  type Stack,
  type StackOptions,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { afterAll } from 'vitest';

/** Where a stack stores its state and finds its orgs. */
export interface StackTarget {
  redisUrl: string;
  prefix: string;
  topologyFile: string;
  /** Org secrets the topology names (and anything else every process needs). */
  env: Record<string, string>;
}

/** A simulator on a fixture, a Redis prefix of its own and the topology file pointing at both. */
export interface SimSetup extends StackTarget {
  fixture: SimFixture;
  topology: SimTopology;
  sim: RunningSim;
  redis: TestRedis;
  /** This case's directory (topology file, process logs). */
  dir: string;
}

export interface SimSetupOptions {
  fixture: SimFixture;
  seed: number;
  requestsPerMinute: number;
  faults?: FaultProfileInput;
  /** Topology options beyond the simulator's URL and budget. */
  topology?: Omit<TopologyOptions, 'baseUrl' | 'requestsPerMinute'>;
  /** A sub-directory of the suite's, for suites with several cases. */
  caseName?: string;
}

export type StackStartOptions = Partial<Omit<StackOptions, keyof StackTarget | 'webhookSecret'>> &
  Pick<StackOptions, 'workers'>;

export interface StormStack {
  /** The suite's directory: removed afterwards unless `KEEP_STORM_LOGS=1`. */
  readonly dir: string;
  readonly secret: string;
  /** Starts a simulator and takes a Redis prefix; both end after the suite. */
  startSim(options: SimSetupOptions): Promise<SimSetup>;
  /** Starts ingest and the workers on `target` (logs in the target's directory, if any); stopped after the suite. */
  startStack(target: StackTarget & { dir?: string }, options: StackStartOptions): Promise<Stack>;
  /** A sender of signed webhooks to the stack's ingest. */
  sender(stack: Stack): WebhookSender;
  /** Runs `cleanup` after the suite, before what was started earlier. */
  onCleanup(cleanup: () => Promise<void>): void;
}

/**
 * The setup every system test that starts sim + Redis + stack shares: call it in a `describe`; it registers one
 * `afterAll` that stops everything it started, newest first, and removes the logs unless `KEEP_STORM_LOGS=1`.
 */
export function useStormStack(name: string): StormStack {
  const dir = mkdtempSync(join(tmpdir(), `wfm-${name}-`));
  const secret = `whsec_${Buffer.from(`${name}-secret-0123456789`.padEnd(32, '0')).toString('base64')}`;
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (process.env.KEEP_STORM_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
  });

  return {
    dir,
    secret,
    onCleanup: (cleanup) => cleanups.push(cleanup),
    startSim: async (options) => {
      const { fixture, seed, requestsPerMinute } = options;
      const sim = await startSim({
        fixture,
        seed,
        requestsPerMinute,
        ...(options.faults && { faults: options.faults }),
      });
      cleanups.push(() => sim.close());
      const redis = await createTestRedis(options.caseName ?? name);
      cleanups.push(() => redis.cleanup());
      const caseDir = options.caseName ? join(dir, options.caseName) : dir;
      mkdirSync(caseDir, { recursive: true });
      const { topology, topologyFile, env } = writeTopologyFile(fixture, caseDir, {
        ...options.topology,
        baseUrl: sim.url,
        requestsPerMinute,
      });
      return {
        fixture,
        topology,
        sim,
        redis,
        dir: caseDir,
        redisUrl: redis.url,
        prefix: redis.prefix,
        topologyFile,
        env,
      };
    },
    startStack: async (target, options) => {
      const stack = await startStack({
        logDir: target.dir ?? dir,
        logLevel: 'warn',
        ...options,
        redisUrl: target.redisUrl,
        prefix: target.prefix,
        topologyFile: target.topologyFile,
        env: target.env,
        webhookSecret: secret,
      });
      cleanups.push(() => stack.stop());
      return stack;
    },
    sender: (stack) => new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, secret),
  };
}
