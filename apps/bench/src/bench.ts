import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '@wfm-sync/local-stack';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import type { Logger } from '@wfm-sync/observability';
import { Redis } from 'ioredis';
import type { BenchOptions } from './cli.js';
import { type PlannedRun, plannedRuns } from './figures/completeness.js';
import type { RunResult } from './figures/types.js';
import { runIngestScenario } from './ingest/run-ingest.js';
import { describeMachine, type MachineInfo } from './machine.js';
import type { BenchContext } from './run/bench-context.js';
import type { RunningResources } from './run/resources.js';
import { runSyncScenario } from './run/run-sync-scenario.js';
import {
  type ScenarioDefinition,
  type ScenarioName,
  scenarioFor,
  strategiesOf,
  withIngestOverrides,
} from './scenarios/catalog.js';
import { runSoakScenario } from './soak/run-soak.js';
import { STRATEGIES } from './strategies/catalog.js';
import type { StrategyName } from './strategies/names.js';

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: BenchOptions;
  scenarios: { name: ScenarioName; summary: string }[];
  planned: PlannedRun[];
  results: RunResult[];
  logDir: string;
  /** 1-minute load average when the bench finished. */
  loadAverageAtEnd: number;
}

const failed = (scenario: ScenarioName, strategy: StrategyName, error: unknown): RunResult => ({
  kind: 'failed',
  scenario,
  strategy,
  error: error instanceof Error ? error.message : String(error),
});

async function runScenario(
  ctx: BenchContext,
  scenario: ScenarioDefinition,
  strategies: readonly StrategyName[],
  onResult: (result: RunResult) => void,
): Promise<void> {
  const attempt = async (strategy: StrategyName, run: () => Promise<RunResult>) => {
    ctx.logger.info({ scenario: scenario.name, strategy }, 'run starting');
    try {
      onResult(await run());
    } catch (error) {
      ctx.logger.error({ err: error, scenario: scenario.name, strategy }, 'run failed');
      onResult(failed(scenario.name, strategy, error));
    }
  };
  switch (scenario.kind) {
    case 'sync': {
      const fixture = generateFixture({ seed: ctx.seed, ...scenario.fixture });
      const workload = scenario.buildWorkload(fixture, ctx.seed);
      for (const name of strategiesOf(scenario.name, strategies))
        await attempt(name, () => runSyncScenario(ctx, scenario, STRATEGIES[name], fixture, workload));
      return;
    }
    case 'ingest':
      if (strategies.includes('wfm-sync'))
        await attempt('wfm-sync', () => runIngestScenario(ctx, scenario, ctx.ingest));
      return;
    case 'soak':
      if (strategies.includes('wfm-sync')) await attempt('wfm-sync', () => runSoakScenario(ctx, scenario));
      return;
  }
}

/**
 * Every selected scenario, and in each every selected strategy, one after another on one private Redis, so that
 * the ratios between strategies hold on a noisy machine. A run that fails is recorded as such and the bench goes on.
 */
export async function runBench(
  options: BenchOptions,
  logger: Logger,
  resources: RunningResources,
): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const logDir = mkdtempSync(join(tmpdir(), 'wfm-bench-'));
  const privateRedis = await startPrivateRedis({ appendOnly: false });
  const stopRedis = resources.track('private redis-server', () => privateRedis.stop());
  const redis = new Redis(privateRedis.url, { maxRetriesPerRequest: 1, protocol: 2 });
  try {
    const machine = await describeMachine(redis);
    const quick = options.mode === 'quick';
    const ctx: BenchContext = {
      mode: options.mode,
      seed: options.seed,
      redisUrl: privateRedis.url,
      redis,
      logDir,
      logger,
      pollEveryMs: quick ? 250 : 1_000,
      idleStopMs: quick ? 2_000 : 10_000,
      resources,
      ingest: {
        cpuProfDir: options.cpuProfDir,
        ingestScript: options.ingestScript,
        tracing: options.ingestTracing,
        tracingSampleRatio: options.ingestTracingRatio,
      },
      notifications: { mode: options.notifications, faults: options.notificationFaults },
    };
    logger.info({ logDir, machine, mode: options.mode }, 'bench starting');
    const results: RunResult[] = [];
    const scenarios = options.scenarios.map((name) =>
      withIngestOverrides(scenarioFor(name, options.mode, options.requestsPerMinute), {
        rounds: options.ingestRounds,
        seconds: options.ingestSeconds,
      }),
    );
    for (const scenario of scenarios)
      await runScenario(ctx, scenario, options.strategies, (result) => results.push(result));
    return {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      options,
      scenarios: scenarios.map((s) => ({ name: s.name, summary: s.summary })),
      planned: plannedRuns(options.scenarios, options.strategies),
      results,
      logDir,
      loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  } finally {
    redis.disconnect();
    await stopRedis();
  }
}
