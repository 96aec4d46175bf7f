import { setTimeout as sleep } from 'node:timers/promises';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { memoryTrend } from '../figures/memory-trend.js';
import type { MemorySample, SyncFigures } from '../figures/types.js';
import { pause } from '../pause.js';
import type { BenchContext } from '../run/bench-context.js';
import { measureSyncRun } from '../run/measure-sync-run.js';
import { usedMemory } from '../run/redis-memory.js';
import type { SoakScenario } from '../scenarios/catalog.js';
import type { StrategyRun } from '../strategies/types.js';
import { wfmSync } from '../strategies/wfm-sync.js';
import { type SoakStreamOptions, soakBatches, soakExpectations } from './soak-stream.js';

/** Webhooks may run ahead of ingest's answers by at most this many batches. */
const MAX_BATCHES_IN_FLIGHT = 25;

/** The soak: wfm-sync only (the baselines cannot take a million events), memory sampled along the feed. */
const PROGRESS_EVERY_MS = 30_000;

export async function runSoakScenario(ctx: BenchContext, scenario: SoakScenario): Promise<SyncFigures> {
  const fixture = generateFixture({ seed: ctx.seed, ...scenario.fixture });
  const stream: SoakStreamOptions = {
    seed: ctx.seed,
    events: scenario.events,
    batchSize: scenario.batchSize,
    duplicateRate: 0.1,
  };
  const logger = ctx.logger.child({ scenario: 'soak' });

  const feedWithSamples = async (run: StrategyRun) => {
    const samples: MemorySample[] = [];
    const startedAt = Date.now();
    let sent = 0;
    let reportedAt = startedAt;
    const sample = async () => {
      try {
        const taken: MemorySample = {
          atS: (Date.now() - startedAt) / 1000,
          eventsSent: sent,
          workerRss: (await run.workerRss()) ?? [],
          redisUsed: await usedMemory(ctx.redis),
        };
        samples.push(taken);
        // The feed runs for minutes: say how far it is, with the memory it sees, every half minute.
        if (Date.now() - reportedAt >= PROGRESS_EVERY_MS) {
          reportedAt = Date.now();
          logger.info(
            { eventsSent: sent, of: scenario.events, workerRss: taken.workerRss, redisUsed: taken.redisUsed },
            'soak feeding',
          );
        }
      } catch (error) {
        logger.warn({ err: error }, 'memory sample failed');
      }
    };
    const stopSampling = new AbortController();
    const sampler = (async () => {
      while (!stopSampling.signal.aborted) {
        await sample();
        await pause(scenario.sampleEveryMs, stopSampling.signal);
      }
    })();
    let batches = 0;
    for (const batch of soakBatches(fixture, stream)) {
      const due = startedAt + (sent / scenario.eventsPerSecond) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      run.deliver(batch);
      sent += batch.length;
      if (++batches % MAX_BATCHES_IN_FLIGHT === 0) await run.settled();
    }
    const lastAt = Date.now();
    stopSampling.abort();
    await sampler;
    await run.settled();
    await sample();
    return { startedAt, lastAt, memorySamples: samples };
  };

  const figures = await measureSyncRun(
    ctx,
    {
      scenario: 'soak',
      fixture,
      faults: scenario.faults,
      requestsPerMinute: scenario.requestsPerMinute,
      timeLimitMs: scenario.timeLimitMs,
      deliveries: scenario.events,
      feedMs: (scenario.events / scenario.eventsPerSecond) * 1000,
      expectations: soakExpectations(fixture, stream),
      adminShareOfCampaignWrites: 0,
      feed: feedWithSamples,
    },
    wfmSync,
  );
  const trend = memoryTrend(figures.memorySamples ?? [], scenario.events, scenario.warmUpShare);
  return trend ? { ...figures, memoryTrend: trend } : figures;
}
