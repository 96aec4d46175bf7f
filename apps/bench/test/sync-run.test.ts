import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture } from '@wfm-sync/gc-sim';
import { createLogger } from '@wfm-sync/observability';
import { type PrivateRedis, startPrivateRedis } from '@wfm-sync/test-support';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFigures } from '../src/figures/types.js';
import type { BenchContext } from '../src/run/bench-context.js';
import { RunningResources } from '../src/run/resources.js';
import { runSyncScenario } from '../src/run/run-sync-scenario.js';
import { type SyncScenario, scenarioFor } from '../src/scenarios/catalog.js';
import { STRATEGIES } from '../src/strategies/catalog.js';
import type { StrategyName } from '../src/strategies/names.js';

// Figures are never asserted here (BENCHMARKS.md holds them); only that a run produces a complete, coherent set.
describe('one run of the peak scenario, tiny, against a gc-sim process', () => {
  const logDir = mkdtempSync(join(tmpdir(), 'wfm-bench-test-'));
  let privateRedis: PrivateRedis;
  let ctx: BenchContext;
  const quickPeak = scenarioFor('peak', 'quick') as SyncScenario;
  const scenario: SyncScenario = { ...quickPeak, timeLimitMs: 15_000 };
  const fixture = generateFixture({ seed: 3, ...scenario.fixture });
  const workload = scenario.buildWorkload(fixture, 3);

  beforeAll(async () => {
    // The bench flushes its Redis before every run: never a shared one.
    privateRedis = await startPrivateRedis();
    ctx = {
      mode: 'quick',
      seed: 3,
      redisUrl: privateRedis.url,
      redis: new Redis(privateRedis.url),
      logDir,
      logger: createLogger({ service: 'bench-test', level: 'warn' }),
      pollEveryMs: 200,
      idleStopMs: 1_000,
      resources: new RunningResources(),
      ingest: {},
    };
  });
  afterAll(async () => {
    await ctx?.resources.stopAll(ctx.logger);
    ctx?.redis.disconnect();
    await privateRedis?.stop();
    rmSync(logDir, { recursive: true, force: true });
  });

  const coherent = (figures: SyncFigures, strategy: StrategyName) => {
    expect(figures).toMatchObject({ kind: 'sync', scenario: 'peak', strategy, deliveries: 12 });
    expect(figures.keys).toBe(workload.expectations.length);
    expect(figures.apiCalls).toBeGreaterThanOrEqual(figures.appliedChanges);
    expect(figures.appliedChanges).toBeGreaterThan(0);
    expect(figures.lostTotal).toBeLessThanOrEqual(figures.keys);
    expect(figures.changedKeys).toBeGreaterThan(0);
    expect(figures.lowerBoundS).toBeGreaterThan(0);
    expect(['converged', 'idle', 'time-limit']).toContain(figures.stoppedBecause);
  };

  it('measures a baseline in-process', async () => {
    const figures = await runSyncScenario(
      ctx,
      scenario,
      STRATEGIES['conflict-as-success'],
      fixture,
      workload,
    );
    coherent(figures, 'conflict-as-success');
    expect(figures.ingest).toBeUndefined();
    expect(figures.strategyReport.writesStarted).toBeGreaterThan(0);
  }, 60_000);

  it('measures wfm-sync as real processes fed by signed webhooks', async () => {
    const figures = await runSyncScenario(ctx, scenario, STRATEGIES['wfm-sync'], fixture, workload);
    coherent(figures, 'wfm-sync');
    expect(figures.strategyReport.webhooks?.failed).toBe(0);
    expect(figures.ingest?.p99Ms).toBeGreaterThan(0);
    expect(figures.workerRssEnd?.every((bytes) => bytes > 0)).toBe(true);
    expect(figures.callsByRoute).toHaveProperty(['POST /api/v2/notifications/channels']);
  }, 60_000);

  it("gives wfm-sync the notification faults asked for, as gc-sim's counters show", async () => {
    // Trunks that flap within the short feed, so that there are pushes to drop.
    const flapping: SyncScenario = { ...scenario, flapping: { trunks: 3, minDwellMs: 200, maxDwellMs: 500 } };
    const figures = await runSyncScenario(
      { ...ctx, notifications: { faults: { dropRate: 1, cutEveryS: 1, socketClosings: 1 } } },
      flapping,
      STRATEGIES['wfm-sync'],
      fixture,
      workload,
    );
    coherent(figures, 'wfm-sync');
    const heard = figures.notifications;
    expect(heard?.channelsCreated).toBeGreaterThan(0);
    expect(heard?.messages.dropped).toBeGreaterThan(0);
    expect(heard?.messages.sent).toBe(0);
    expect(heard?.connectionsCut).toBeGreaterThan(0);
    expect(heard?.announcements).toHaveLength(1);
    expect(heard?.announcements[0]?.connections).toBeGreaterThan(0);
    expect(heard?.socketClosingsSent).toBe(heard?.announcements[0]?.connections);
  }, 60_000);

  it('opens no channel when the topology says notifications off', async () => {
    const figures = await runSyncScenario(
      { ...ctx, notifications: { mode: 'off' } },
      scenario,
      STRATEGIES['wfm-sync'],
      fixture,
      workload,
    );
    coherent(figures, 'wfm-sync');
    expect(figures.callsByRoute).not.toHaveProperty(['POST /api/v2/notifications/channels']);
    expect(figures.notifications?.channelsCreated ?? 0).toBe(0);
    expect(figures.callsByRoute).toHaveProperty(['GET /api/v2/telephony/providers/edges/trunks']);
  }, 60_000);
});
