import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStack } from '@wfm-sync/local-stack';
import { generateFixture, topologyFromFixture } from '@wfm-sync/local-stack/gc-sim';
import type { IngestFigures } from '../figures/types.js';
import type { BenchContext } from '../run/bench-context.js';
import type { IngestScenario } from '../scenarios/catalog.js';
import { BENCH_WEBHOOK_SECRET } from '../strategies/wfm-sync.js';
import { runLoadPhase } from './load-phase.js';
import { SignedEventSource } from './signed-events.js';

/** Ingest never calls Genesys, so its topology may point anywhere. */
const UNUSED_GENESYS_URL = 'http://127.0.0.1:9';

/**
 * The ingest process alone (no workers: their CPU would be the load generator's), on loopback with autocannon in the
 * bench process: single events, batches, then a fixed request rate for the latency at a realistic load.
 */
export async function runIngestScenario(ctx: BenchContext, scenario: IngestScenario): Promise<IngestFigures> {
  const logger = ctx.logger.child({ scenario: scenario.name, strategy: 'wfm-sync' });
  await ctx.redis.flushall();
  const fixture = generateFixture({ seed: ctx.seed, ...scenario.fixture });
  const { topology, env } = topologyFromFixture(fixture, { baseUrl: UNUSED_GENESYS_URL });
  const topologyFile = join(ctx.logDir, 'ingest-topology.json');
  writeFileSync(topologyFile, JSON.stringify(topology));
  const started = await startStack({
    redisUrl: ctx.redisUrl,
    prefix: 'bench-ingest',
    topologyFile,
    env,
    webhookSecret: BENCH_WEBHOOK_SECRET,
    logDir: ctx.logDir,
    logLevel: 'warn',
    workers: [],
  });
  const stack = { ...started, stop: ctx.resources.track('ingest', () => started.stop()) };
  try {
    const url = `${stack.ingestUrl}/v1/webhooks/wfm`;
    const source = new SignedEventSource(fixture, BENCH_WEBHOOK_SECRET, ctx.seed);
    const durationS = scenario.phaseSeconds;
    // JIT and connection pools warm up before anything is measured.
    await runLoadPhase({
      url,
      source,
      eventsPerRequest: 1,
      connections: scenario.connections.single,
      durationS: 1,
    });
    logger.info('single events');
    const single = await runLoadPhase({
      url,
      source,
      eventsPerRequest: 1,
      connections: scenario.connections.single,
      durationS,
    });
    logger.info(`batches of ${scenario.batchSize}`);
    const batch = await runLoadPhase({
      url,
      source,
      eventsPerRequest: scenario.batchSize,
      connections: scenario.connections.batch,
      durationS,
    });
    logger.info(`${scenario.fixedRequestsPerSecond} requests/s`);
    const fixedRate = await runLoadPhase({
      url,
      source,
      eventsPerRequest: 1,
      connections: scenario.connections.fixedRate,
      durationS,
      overallRate: scenario.fixedRequestsPerSecond,
    });
    const figures: IngestFigures = {
      kind: 'ingest',
      scenario: 'ingest',
      strategy: 'wfm-sync',
      single,
      batch,
      batchSize: scenario.batchSize,
      fixedRate: { ...fixedRate, targetRequestsPerSecond: scenario.fixedRequestsPerSecond },
    };
    logger.info(
      {
        single: Math.round(single.eventsPerSecond),
        batch: Math.round(batch.eventsPerSecond),
        fixedRateP99Ms: fixedRate.p99Ms,
      },
      'ingest measured',
    );
    return figures;
  } finally {
    await stack.stop();
  }
}
