import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimFixture } from '@wfm-sync/local-stack/gc-sim';
import {
  callsPerMinuteBetween,
  changedKeysByOrg,
  changedWriteUnitsByOrg,
  countByKind,
  lowerBoundSeconds,
  requestFigures,
} from '../figures/compute.js';
import type { IngestLatency, MemorySample, SyncFigures } from '../figures/types.js';
import { notificationFigures } from '../notifications/figures.js';
import { announceSocketClosings } from '../notifications/socket-closings.js';
import type { ScenarioName } from '../scenarios/catalog.js';
import { CampaignAdministrator } from '../sim/administrator.js';
import { RequestLogCollector } from '../sim/request-log-collector.js';
import type { SimAdminClient } from '../sim/sim-admin-client.js';
import { percentile, ratio } from '../stats.js';
import type { Strategy, StrategyReport, StrategyRun } from '../strategies/types.js';
import type { Expectation } from '../workload/types.js';
import { awaitConvergence } from './await-convergence.js';
import type { BenchContext } from './bench-context.js';
import { ConvergenceTracker } from './convergence.js';
import type { FeedResult } from './feeder.js';
import { memoryByKeyKind, usedMemory } from './redis-memory.js';
import { startRunEnvironment } from './run-environment.js';

/** How one strategy is driven through one scenario; the measuring around it is the same for every scenario. */
export interface SyncRunPlan {
  scenario: ScenarioName;
  fixture: SimFixture;
  faults: Parameters<typeof startRunEnvironment>[1]['faults'];
  requestsPerMinute: number;
  timeLimitMs: number;
  /** wfm-sync worker processes per region. @defaultValue 1 */
  workersPerRegion?: number | undefined;
  deliveries: number;
  /** How long the feed is planned to last (the bench's socket_closing announcements are spread over it). */
  feedMs: number;
  expectations: readonly Expectation[];
  /** The administrator edits a campaign after this share of successful campaign writes. */
  adminShareOfCampaignWrites: number;
  beforeFeed?(sim: SimAdminClient): Promise<void>;
  feed(run: StrategyRun): Promise<FeedResult & { memorySamples?: MemorySample[] }>;
  /** The end of the storm (trunks settle healthy). */
  afterFeed?(sim: SimAdminClient): Promise<void>;
}

export function webhookFigures(report: StrategyReport, feedSeconds: number): IngestLatency | undefined {
  const webhooks = report.webhooks;
  if (!webhooks) return undefined;
  const taken = webhooks.accepted + webhooks.duplicates + webhooks.stale;
  return {
    eventsPerSecond: feedSeconds > 0 ? taken / feedSeconds : 0,
    p50Ms: percentile(webhooks.latenciesMs, 50),
    p99Ms: percentile(webhooks.latenciesMs, 99),
  };
}

/**
 * One strategy on one scenario: a flushed Redis and a fresh simulator, the feed, the end of the storm, then the wait
 * for convergence. The figures come from the simulator (request log, violation counters, final state) and from
 * Redis' INFO memory, never from what a strategy says about itself.
 */
export async function measureSyncRun(
  ctx: BenchContext,
  plan: SyncRunPlan,
  strategy: Strategy,
): Promise<SyncFigures> {
  const label = `${plan.scenario}-${strategy.name}`;
  const logger = ctx.logger.child({ scenario: plan.scenario, strategy: strategy.name });
  const { sim, env } = await startRunEnvironment(ctx, {
    label,
    fixture: plan.fixture,
    faults: plan.faults,
    requestsPerMinute: plan.requestsPerMinute,
    workersPerRegion: plan.workersPerRegion,
  });
  const stopAnnouncing = new AbortController();
  try {
    const run = await strategy.start(env);
    const collector = new RequestLogCollector(sim.admin, logger);
    try {
      // After the start, so that connections and loaded scripts are not counted as memory of the keys.
      const redisUsedBefore = await usedMemory(ctx.redis);
      const tracker = new ConvergenceTracker(plan.expectations, sim.admin);
      const mismatchedBefore = await tracker.mismatched();
      const changedByOrg = changedKeysByOrg(mismatchedBefore);
      const changedUnitsByOrg = changedWriteUnitsByOrg(mismatchedBefore);
      const administrator = new CampaignAdministrator(
        sim.admin,
        plan.fixture,
        plan.adminShareOfCampaignWrites,
        ctx.seed,
        logger,
      );
      if (plan.adminShareOfCampaignWrites > 0) collector.onEntry((entry) => administrator.observe(entry));
      collector.start();
      const workerRssStart = await run.workerRss();

      await plan.beforeFeed?.(sim.admin);
      logger.info({ deliveries: plan.deliveries }, 'feeding');
      const socketClosings = announceSocketClosings({
        count: ctx.notifications?.faults?.socketClosings ?? 0,
        feedMs: plan.feedMs,
        announce: () => sim.admin.announceSocketClosing(),
        logger,
        signal: stopAnnouncing.signal,
      });
      const fed = await plan.feed(run);
      await plan.afterFeed?.(sim.admin);
      const announcements = await socketClosings;

      const outcome = await awaitConvergence(ctx, run, tracker, fed.lastAt + plan.timeLimitMs, logger);
      await run.settled();
      await administrator.settled();
      const lost = await tracker.mismatched();
      const violations = await sim.admin.violations();
      const scheduleUpdates = await sim.admin.scheduleUpdates();
      const notifications = notificationFigures(await sim.admin.notifications(), announcements);
      const entries = await collector.stop();
      const endedAt = Date.now();
      writeFileSync(
        join(ctx.logDir, `${label}-requests.jsonl`),
        entries.map((entry) => JSON.stringify(entry)).join('\n'),
      );
      const redisUsedAfter = await usedMemory(ctx.redis);
      const redisBytesByKeyKind = await memoryByKeyKind(ctx.redis, env.prefix);
      const workerRssEnd = await run.workerRss();
      const report = run.report();

      const feedSeconds = (fed.lastAt - fed.startedAt) / 1000;
      const requests = requestFigures(entries);
      const changedKeys = [...changedByOrg.values()].reduce((a, b) => a + b, 0);
      const lowerBoundS = lowerBoundSeconds(changedUnitsByOrg, plan.requestsPerMinute);
      const convergedAfterS =
        lost.length === 0 && outcome.convergedSince !== undefined
          ? Math.max(0, (outcome.convergedSince - fed.lastAt) / 1000)
          : undefined;
      const ingest = webhookFigures(report, feedSeconds);
      const figures: SyncFigures = {
        kind: 'sync',
        scenario: plan.scenario,
        strategy: strategy.name,
        deliveries: plan.deliveries,
        feedSeconds,
        ...(ingest ? { ingest } : {}),
        ...requests,
        keys: plan.expectations.length,
        changedKeys,
        callsPerAppliedChange: ratio(requests.apiCalls, requests.appliedChanges),
        callsPerChangedKey: ratio(requests.apiCalls, changedKeys),
        lostUpdates: countByKind(lost),
        lostTotal: lost.length,
        violations,
        convergedAfterS,
        lowerBoundS,
        ratioToLowerBound:
          convergedAfterS === undefined || lowerBoundS === 0 ? undefined : convergedAfterS / lowerBoundS,
        timeLimitS: plan.timeLimitMs / 1000,
        stoppedBecause: outcome.stoppedBecause,
        administratorEdits: administrator.edits,
        callsPerMinuteAfterFeed: callsPerMinuteBetween(
          entries,
          fed.lastAt,
          outcome.convergedSince ?? endedAt,
        ),
        strategyReport: report,
        ...(scheduleUpdates.started + scheduleUpdates.rejected > 0
          ? {
              scheduleUpdates: {
                ...scheduleUpdates,
                meanAgentsPerUpdate: ratio(scheduleUpdates.agents, scheduleUpdates.started),
              },
            }
          : {}),
        redisUsedBefore,
        redisUsedAfter,
        redisBytesByKeyKind,
        redisBytesPer1000Keys:
          ((redisUsedAfter - redisUsedBefore) * 1000) / Math.max(1, plan.expectations.length),
        redisBytesPerOrg: (redisUsedAfter - redisUsedBefore) / Math.max(1, plan.fixture.orgs.length),
        // Only a strategy that listened (or was asked for maintenance) has anything to say here.
        ...(Object.keys(notifications.byOrg).length > 0 || announcements.length > 0 ? { notifications } : {}),
        ...(workerRssStart ? { workerRssStart } : {}),
        ...(workerRssEnd ? { workerRssEnd } : {}),
        ...(fed.memorySamples ? { memorySamples: fed.memorySamples } : {}),
      };
      logger.info(
        {
          stoppedBecause: figures.stoppedBecause,
          convergedAfterS,
          lost: figures.lostTotal,
          calls: figures.apiCalls,
          agentsPerScheduleUpdate: figures.scheduleUpdates?.meanAgentsPerUpdate,
        },
        'run finished',
      );
      return figures;
    } finally {
      stopAnnouncing.abort();
      collector.halt();
      await run.stop();
    }
  } finally {
    await sim.stop();
  }
}
