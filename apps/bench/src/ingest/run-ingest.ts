import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ServiceProcess } from '@wfm-sync/local-stack';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { roundRatios } from '../figures/ingest-floor.js';
import type { IngestFigures, IngestPhase, IngestRound, TracedIngestLegs } from '../figures/types.js';
import type { BenchContext } from '../run/bench-context.js';
import { fixedRateWarmupS, type IngestScenario } from '../scenarios/catalog.js';
import { BENCH_WEBHOOK_SECRET } from '../strategies/wfm-sync.js';
import { startIngestAlone, writeIngestTopology } from './ingest-alone.js';
import { runAlternatingLoadPhases, runLoadPhase } from './load-phase.js';
import { startOtlpSink, tracedIngestEnv } from './otlp-sink.js';
import { runAlternatingPacedPhases, runPacedPhase } from './paced-phase.js';
import { SignedEventSource } from './signed-events.js';

const BARE_SERVER_SCRIPT = fileURLToPath(new URL('./bare-server.js', import.meta.url));

/** Flags of `npm run bench` that only the ingest scenario reads (`--rounds` and `--seconds` change the scenario). */
export interface IngestRunOptions {
  /**
   * Run ingest and the floor under `node --cpu-prof`, profiles written here, and run only the single-event legs
   * (the profile is of that load).
   */
  cpuProfDir?: string | undefined;
  /** Another build of ingest (a `main.js`) than `apps/ingest/dist/main.js`, to compare builds. */
  ingestScript?: string | undefined;
  /** Also run a second ingest with tracing on and measure its legs beside the first's (issue 23). */
  tracing?: boolean | undefined;
  /** The share of deliveries the traced ingest samples. @defaultValue TRACING_SAMPLE_RATIO */
  tracingSampleRatio?: number | undefined;
}

/**
 * With `tracing`, the 1,000/s legs of ingest and its traced twin alternate in slices this long. Short, because a
 * side's p99 comes down to one or two stalls of 40–80 ms per leg that hit every process here, the floor included
 * (10,000 requests: a stall that holds 50 of them moves the p99). With 1 s slices a stall fell on one side; with
 * 100 ms slices it straddles both (BENCHMARKS.md, 2026-12-07).
 */
const PACED_SLICE_S = 0.1;

/** With `tracing`, the saturating legs of ingest and its twin alternate in slices this long (autocannon runs). */
const SATURATING_SLICE_S = 1;

/**
 * With `tracing`, the traced ingest's sampled and unsampled deliveries at the fixed rate alternate in slices this long
 * (decision 034). Longer than PACED_SLICE_S: the spans of a sampled slice leave in export batches (256 spans, about
 * a tenth of a sampled slice's), and the longer the slice, the fewer of its spans are exported during the other
 * side's.
 */
const SAMPLED_SLICE_S = 1;

/** A W3C `traceparent` with a new trace and the sampled flag set or not (the SDK's parent-based sampler obeys it). */
const traceparent = (sampled: boolean) => () => ({
  traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-${sampled ? '01' : '00'}`,
});

/** Issue 23: tracing on means 10% of deliveries sampled (head sampling, `parentbased_traceidratio`). */
export const TRACING_SAMPLE_RATIO = 0.1;

const PROCESSES =
  'ingest (apps/ingest/dist/main.js) and the floor (apps/bench/dist/ingest/bare-server.js) each in its own Node ' +
  'process, both spawned by the bench with the same node binary and flags; the bench process drives ' +
  'both with the same signed requests and connection counts (autocannon as fast as they answer, a paced open-loop ' +
  'sender at the fixed rate)';

const profileArgs = (dir: string | undefined, name: string): string[] | undefined =>
  dir === undefined
    ? undefined
    : ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`];

/**
 * The ingest process alone (no workers: their CPU would be the load generator's), on loopback with the load generated in
 * the bench process, against a floor measured in the same run (issue 23): a bare fastify POST handler that parses the
 * same JSON and answers 202, driven by the same requests and connection counts. Rounds alternate the two — floor,
 * ingest single events, ingest batches, floor at the fixed rate, ingest at the fixed rate — so that a machine that
 * gets busier or quieter during the run moves both sides of every ratio. With `tracing`, a second ingest process
 * with tracing on (10% sampled unless `tracingSampleRatio` says otherwise, OTLP to a sink here) runs each ingest leg beside the first's, the two in alternating
 * slices (1 s as fast as they answer, 100 ms at the fixed rate), each side pooling its own; then the traced ingest
 * runs the fixed rate against itself, sampled deliveries against unsampled ones (decision 034).
 */
export async function runIngestScenario(
  ctx: BenchContext,
  scenario: IngestScenario,
  options: IngestRunOptions = {},
): Promise<IngestFigures> {
  const logger = ctx.logger.child({ scenario: scenario.name, strategy: 'wfm-sync' });
  const { rounds, phaseSeconds: durationS } = scenario;
  const profiling = options.cpuProfDir !== undefined;
  const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  await ctx.redis.flushall();
  const fixture = generateFixture({ seed: ctx.seed, ...scenario.fixture });
  const topology = writeIngestTopology(fixture, ctx.logDir);
  const startIngest = async (name: string, ingestEnv: Record<string, string>) => {
    const started = await startIngestAlone({
      redisUrl: ctx.redisUrl,
      prefix: `bench-${name}`,
      topology,
      logDir: join(ctx.logDir, name),
      ingestEnv,
      ingestScript: options.ingestScript,
      ingestNodeArgs: profileArgs(options.cpuProfDir, `${name}-${stamp}`),
    });
    return { ...started, stop: ctx.resources.track(name, () => started.stop()) };
  };
  // Tracing off here whatever the bench's own environment says (the stack passes OTEL_* on).
  const stack = await startIngest('ingest', { OTEL_SDK_DISABLED: 'true' });
  const sampleRatio = options.tracingSampleRatio ?? TRACING_SAMPLE_RATIO;
  const sink = options.tracing ? await startOtlpSink() : undefined;
  const stopSink = sink ? ctx.resources.track('otlp sink', () => sink.close()) : undefined;
  const traced = sink ? await startIngest('ingest-traced', tracedIngestEnv(sink, sampleRatio)) : undefined;
  const barePort = await freePort();
  const floorNodeArgs = profileArgs(options.cpuProfDir, `floor-${stamp}`);
  const bare = new ServiceProcess({
    name: 'floor',
    script: BARE_SERVER_SCRIPT,
    ...(floorNodeArgs ? { nodeArgs: floorNodeArgs } : {}),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(barePort), HOST: '127.0.0.1' },
    logFile: join(ctx.logDir, 'floor.log'),
    healthUrl: `http://127.0.0.1:${barePort}`,
  });
  const stopBare = ctx.resources.track('floor', () => bare.stop('SIGTERM'));
  try {
    await bare.start();
    const ingestUrl = `${stack.ingestUrl}/v1/webhooks/wfm`;
    const tracedUrl = traced ? `${traced.ingestUrl}/v1/webhooks/wfm` : undefined;
    const floorUrl = `http://127.0.0.1:${barePort}/v1/webhooks/wfm`;
    const source = new SignedEventSource(fixture, BENCH_WEBHOOK_SECRET, ctx.seed);
    const { connections } = scenario;
    const warmupS = fixedRateWarmupS(durationS);
    // At the fixed rate each answering process's CPU time is measured too: how busy that rate keeps it on this machine.
    const pids = new Map<string, number | undefined>([
      [floorUrl, bare.pid],
      [ingestUrl, stack.ingest.pid],
      ...(tracedUrl ? [[tracedUrl, traced?.ingest.pid] as const] : []),
    ]);
    // As fast as the server answers: autocannon. At a fixed rate: paced, open loop (paced-phase.ts says why).
    const run = (url: string, eventsPerRequest: number, conns: number, requestsPerSecond?: number) =>
      requestsPerSecond === undefined
        ? runLoadPhase({ url, source, eventsPerRequest, connections: conns, durationS })
        : runPacedPhase({
            url,
            source,
            eventsPerRequest,
            connections: conns,
            durationS,
            requestsPerSecond,
            serverPid: pids.get(url),
            warmupS,
          });
    // JIT and connection pools warm up before anything is measured, on every side.
    for (const url of [floorUrl, ingestUrl, ...(tracedUrl ? [tracedUrl] : [])])
      await runLoadPhase({ url, source, eventsPerRequest: 1, connections: connections.single, durationS: 1 });

    const measured: IngestRound[] = [];
    for (let i = 1; i <= rounds; i++) {
      // An ingest leg and its traced twin in alternating slices, off first in odd rounds and on first in even ones.
      const legs = async (eventsPerRequest: number, conns: number, requestsPerSecond?: number) => {
        if (!tracedUrl) return { off: await run(ingestUrl, eventsPerRequest, conns, requestsPerSecond) };
        const offFirst = i % 2 === 1;
        const pair = {
          urls: offFirst ? ([ingestUrl, tracedUrl] as const) : ([tracedUrl, ingestUrl] as const),
          source,
          eventsPerRequest,
          connections: conns,
          durationS,
        };
        // At the fixed rate paced slices (their p99s are compared), else autocannon slices: drift falls on both.
        const [a, b] =
          requestsPerSecond === undefined
            ? await runAlternatingLoadPhases({ ...pair, sliceS: SATURATING_SLICE_S })
            : await runAlternatingPacedPhases({
                ...pair,
                requestsPerSecond,
                sliceS: PACED_SLICE_S,
                serverPids: [pids.get(pair.urls[0]), pids.get(pair.urls[1])],
                warmupS,
              });
        return offFirst ? { off: a, on: b } : { off: b, on: a };
      };
      logger.info({ round: i, of: rounds }, 'floor, then ingest with single events');
      const floor = await run(floorUrl, 1, connections.single);
      const single = await legs(1, connections.single);
      let round: IngestRound = { floor, single: single.off };
      let tracedLegs: TracedIngestLegs | undefined = single.on ? { single: single.on } : undefined;
      if (!profiling) {
        logger.info({ round: i }, `ingest with batches of ${scenario.batchSize}`);
        const batch = await legs(scenario.batchSize, connections.batch);
        logger.info({ round: i }, `floor, then ingest at ${scenario.fixedRequestsPerSecond} requests/s`);
        const floorFixedRate = await run(floorUrl, 1, connections.fixedRate, scenario.fixedRequestsPerSecond);
        const fixedRate = await legs(1, connections.fixedRate, scenario.fixedRequestsPerSecond);
        round = { ...round, batch: batch.off, floorFixedRate, fixedRate: fixedRate.off };
        if (tracedLegs && tracedUrl && batch.on && fixedRate.on) {
          logger.info({ round: i }, 'the traced ingest at the same rate: sampled and unsampled deliveries');
          // One process against itself: what a sampled delivery costs beyond an unsampled one, in CPU per delivery.
          const sampledFirst = i % 2 === 1;
          const [a, b] = await runAlternatingPacedPhases({
            urls: [tracedUrl, tracedUrl],
            source,
            eventsPerRequest: 1,
            connections: connections.fixedRate,
            durationS,
            requestsPerSecond: scenario.fixedRequestsPerSecond,
            sliceS: SAMPLED_SLICE_S,
            serverPids: [traced?.ingest.pid, traced?.ingest.pid],
            extraHeaders: [traceparent(sampledFirst), traceparent(!sampledFirst)],
          });
          const [sampled, unsampled] = sampledFirst ? [a, b] : [b, a];
          tracedLegs = { ...tracedLegs, batch: batch.on, fixedRate: fixedRate.on, sampled, unsampled };
        }
      }
      if (tracedLegs) round = { ...round, traced: tracedLegs };
      logger.info(summaryOf(round), 'round measured');
      measured.push(round);
    }
    if (sink) logger.info(sink.received(), 'spans the traced ingest exported (OTLP requests and bytes)');
    return {
      kind: 'ingest',
      scenario: 'ingest',
      strategy: 'wfm-sync',
      batchSize: scenario.batchSize,
      targetRequestsPerSecond: scenario.fixedRequestsPerSecond,
      connections,
      secondsPerLeg: durationS,
      processes: PROCESSES,
      rounds: measured,
      ratios: measured.map(roundRatios),
      ...(options.cpuProfDir
        ? {
            cpuProfiles: [
              join(options.cpuProfDir, `ingest-${stamp}.cpuprofile`),
              ...(traced ? [join(options.cpuProfDir, `ingest-traced-${stamp}.cpuprofile`)] : []),
              join(options.cpuProfDir, `floor-${stamp}.cpuprofile`),
            ],
          }
        : {}),
      ...(sink
        ? {
            tracing: {
              sampleRatio,
              exporter: `OTLP/HTTP to a sink in the bench process (${sink.received().requests} export requests)`,
              sliceS: { saturating: SATURATING_SLICE_S, fixedRate: PACED_SLICE_S, sampled: SAMPLED_SLICE_S },
            },
          }
        : {}),
    };
  } finally {
    await stopBare();
    await stack.stop();
    await traced?.stop();
    await stopSink?.();
  }
}

function summaryOf(round: IngestRound): Record<string, number | undefined> {
  const r = roundRatios(round);
  const rate = (p: IngestPhase | undefined) => (p ? Math.round(p.eventsPerSecond) : undefined);
  return {
    floorRequestsPerSecond: Math.round(round.floor.requestsPerSecond),
    single: rate(round.single),
    singleRatio: r.single === undefined ? undefined : Math.round(r.single * 1000) / 1000,
    batch: rate(round.batch),
    batchRatio: r.batch === undefined ? undefined : Math.round(r.batch * 1000) / 1000,
    floorP99Ms: round.floorFixedRate?.p99Ms,
    fixedRateP99Ms: round.fixedRate?.p99Ms,
    ...(r.tracing
      ? {
          tracedSingle: rate(round.traced?.single),
          tracedSingleRatio:
            r.tracing.single === undefined ? undefined : Math.round(r.tracing.single * 1000) / 1000,
          tracedFixedRateP99Ms: round.traced?.fixedRate?.p99Ms,
        }
      : {}),
  };
}
