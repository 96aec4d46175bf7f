import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deleteKeysWithPrefix, type Stack } from '@wfm-sync/local-stack';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { Redis } from 'ioredis';
import { UsageError } from '../cli.js';
import type { IngestPhase } from '../figures/types.js';
import { fixedRateWarmupS, scenarioFor } from '../scenarios/catalog.js';
import { BENCH_WEBHOOK_SECRET } from '../strategies/wfm-sync.js';
import { flagValue, medianOf, positiveFlag, ratioFlag, runTool } from './cpu-rounds.js';
import { startIngestAlone, writeIngestTopology } from './ingest-alone.js';
import { startLatencyProxy } from './latency-proxy.js';
import { type OtlpSink, startOtlpSink, tracedIngestEnv } from './otlp-sink.js';
import { runAlternatingPacedPhases } from './paced-phase.js';
import { SignedEventSource } from './signed-events.js';

/**
 * Two builds of ingest (two `main.js`), each a process of its own on a key prefix of its own, at the same paced rate
 * in alternating 100 ms slices (as the ingest scenario runs ingest beside its traced twin), a few rounds, who goes
 * first alternating: their p50, p99 and CPU per delivery side by side. `--redis-delay-ms` puts both behind a proxy
 * that holds Redis's traffic that long each way, for a change whose worth is in round trips: on loopback a round
 * trip is a fraction of a millisecond and the machine's noise hides it (decision 036). `--tracing-ratio R` traces
 * both builds, R of the deliveries sampled, exporting to a sink in this process, for a change to tracing: at 1 every
 * delivery pays for its spans, which at 10% would be a tenth of the difference and lost in the noise.
 *
 * `node apps/bench/dist/ingest/build-ab.js --builds A/main.js,B/main.js [--rate 1000] [--seconds 8] [--rounds 3]
 * [--redis-delay-ms 0] [--tracing-ratio R]`
 */

export interface BuildSide {
  p50Ms: number;
  p99Ms: number;
  /** The process's CPU time over its slices ÷ its requests; undefined where /proc cannot be read. */
  cpuUsPerDelivery: number | undefined;
  /** Of it, the main thread's (the event loop's, which bounds throughput). */
  mainThreadUsPerDelivery: number | undefined;
  requests: number;
  /** Answers other than 2xx, and requests without an answer. */
  failed: number;
}

export interface BuildComparison {
  builds: readonly [string, string];
  rate: number;
  seconds: number;
  redisDelayMs: number;
  /** Per round, the two builds in the order of `builds`. */
  rounds: [BuildSide, BuildSide][];
  /** Chunks the latency proxy relayed (0 without one). */
  relayed: number;
  /** With tracing on: the sample ratio, and the export requests and bytes the sink took from both builds. */
  tracing?: { ratio: number; requests: number; bytes: number };
}

export interface CompareBuildsOptions {
  builds: readonly [string, string];
  redisUrl: string;
  rate: number;
  seconds: number;
  rounds: number;
  redisDelayMs: number;
  /** Both builds traced, this share of their deliveries sampled (OTLP to a sink here); else tracing off. */
  tracingRatio?: number;
  /** Unmeasured seconds at the rate before the first round. @defaultValue as the ingest scenario's fixed-rate legs */
  warmupS?: number;
  seed?: number;
}

/** The ingest scenario's fixture, secret, connections and slices; only the builds differ. */
export async function compareBuilds(options: CompareBuildsOptions): Promise<BuildComparison> {
  const scenario = scenarioFor('ingest', 'full');
  if (scenario.kind !== 'ingest') throw new Error('the ingest scenario is not an ingest scenario');
  const seed = options.seed ?? 42;
  const logDir = mkdtempSync(join(tmpdir(), 'wfm-build-ab-'));
  const fixture = generateFixture({ seed, ...scenario.fixture });
  const topology = writeIngestTopology(fixture, logDir);
  const proxy =
    options.redisDelayMs > 0 ? await startLatencyProxy(options.redisUrl, options.redisDelayMs) : undefined;
  const prefixes = [0, 1].map((i) => `bench-ab-${process.pid}-${i}`);
  const stacks: Stack[] = [];
  let traced: { ratio: number; sink: OtlpSink } | undefined;
  try {
    if (options.tracingRatio !== undefined)
      traced = { ratio: options.tracingRatio, sink: await startOtlpSink() };
    const ingestEnv = traced ? tracedIngestEnv(traced.sink, traced.ratio) : { OTEL_SDK_DISABLED: 'true' };
    for (const [i, build] of options.builds.entries())
      stacks.push(
        await startIngestAlone({
          redisUrl: proxy?.url ?? options.redisUrl,
          prefix: prefixes[i]!,
          topology,
          logDir: join(logDir, `build-${i}`),
          ingestEnv,
          ingestScript: build,
        }),
      );
    const urls = stacks.map((stack) => `${stack.ingestUrl}/v1/webhooks/wfm`);
    const pids = stacks.map((stack) => stack.ingest.pid);
    const source = new SignedEventSource(fixture, BENCH_WEBHOOK_SECRET, seed);
    const rounds: [BuildSide, BuildSide][] = [];
    for (let round = 0; round < options.rounds; round++) {
      const aFirst = round % 2 === 0;
      const [first, second] = aFirst ? [0, 1] : [1, 0];
      const [x, y] = await runAlternatingPacedPhases({
        urls: [urls[first]!, urls[second]!],
        serverPids: [pids[first], pids[second]],
        source,
        eventsPerRequest: 1,
        connections: scenario.connections.fixedRate,
        durationS: options.seconds,
        requestsPerSecond: options.rate,
        sliceS: 0.1,
        warmupS: round === 0 ? (options.warmupS ?? fixedRateWarmupS(options.seconds)) : 0,
      });
      rounds.push(aFirst ? [sideOf(x), sideOf(y)] : [sideOf(y), sideOf(x)]);
    }
    // Stopped before the sink is read: a traced build exports the spans it still holds when it shuts down.
    for (const stack of stacks.splice(0)) await stack.stop();
    return {
      builds: options.builds,
      rate: options.rate,
      seconds: options.seconds,
      redisDelayMs: options.redisDelayMs,
      rounds,
      relayed: proxy?.relayed() ?? 0,
      ...(traced ? { tracing: { ratio: traced.ratio, ...traced.sink.received() } } : {}),
    };
  } finally {
    for (const stack of stacks.splice(0)) await stack.stop();
    await proxy?.close();
    await traced?.sink.close();
    const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    } finally {
      redis.disconnect();
    }
  }
}

function sideOf(phase: IngestPhase): BuildSide {
  return {
    p50Ms: phase.p50Ms,
    p99Ms: phase.p99Ms,
    cpuUsPerDelivery: perDelivery(phase.serverCpuS, phase.requests),
    mainThreadUsPerDelivery: perDelivery(phase.serverMainThreadCpuS, phase.requests),
    requests: phase.requests,
    failed: phase.non2xx + phase.errors,
  };
}

function perDelivery(seconds: number | undefined, requests: number): number | undefined {
  return seconds === undefined || requests === 0 ? undefined : (seconds * 1e6) / requests;
}

/** The comparison as Markdown: a row per round and build, then the medians and how many rounds B was lower in. */
export function renderComparison(c: BuildComparison): string {
  const ms = (v: number) => v.toFixed(1);
  const us = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(0));
  const lines = [
    `Two ingest builds at ${c.rate.toLocaleString('en-US')} webhooks/s, paced, alternating in 100 ms slices, ${c.seconds} s each per round${c.redisDelayMs > 0 ? `, Redis behind a proxy holding its traffic ${c.redisDelayMs} ms each way (${c.relayed.toLocaleString('en-US')} chunks relayed)` : ', Redis on loopback'}`,
    ...(c.tracing
      ? [
          `Both traced, ${c.tracing.ratio * 100}% sampled, OTLP to a sink in the bench (${c.tracing.requests.toLocaleString('en-US')} export requests, ${Math.round(c.tracing.bytes / 1024).toLocaleString('en-US')} KiB)`,
        ]
      : []),
    `A: ${c.builds[0]}`,
    `B: ${c.builds[1]}`,
    '',
    '| round | build | p50 ms | p99 ms | CPU µs per delivery | of it, main thread | failed |',
    '|---|---|---|---|---|---|---|',
  ];
  c.rounds.forEach((sides, r) => {
    sides.forEach((side, b) => {
      lines.push(
        `| ${r + 1} | ${b === 0 ? 'A' : 'B'} | ${ms(side.p50Ms)} | ${ms(side.p99Ms)} | ${us(side.cpuUsPerDelivery)} | ${us(side.mainThreadUsPerDelivery)} | ${side.failed} |`,
      );
    });
  });
  const median = (b: 0 | 1, pick: (s: BuildSide) => number | undefined) =>
    medianOf(c.rounds.map((sides) => pick(sides[b]) ?? Number.NaN).filter((v) => !Number.isNaN(v)));
  const lowerInB = (pick: (s: BuildSide) => number | undefined) =>
    c.rounds.filter(([a, b]) => (pick(b) ?? Number.NaN) < (pick(a) ?? Number.NaN)).length;
  lines.push(
    '',
    '| median | p50 ms | p99 ms | CPU µs per delivery | of it, main thread |',
    '|---|---|---|---|---|',
    ...([0, 1] as const).map(
      (b) =>
        `| ${b === 0 ? 'A' : 'B'} | ${ms(median(b, (s) => s.p50Ms))} | ${ms(median(b, (s) => s.p99Ms))} | ${us(median(b, (s) => s.cpuUsPerDelivery))} | ${us(median(b, (s) => s.mainThreadUsPerDelivery))} |`,
    ),
    '',
    `B lower than A: p50 in ${lowerInB((s) => s.p50Ms)} of ${c.rounds.length} rounds, p99 in ${lowerInB((s) => s.p99Ms)}, CPU in ${lowerInB((s) => s.cpuUsPerDelivery)}, main thread's CPU in ${lowerInB((s) => s.mainThreadUsPerDelivery)}`,
  );
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const builds = (flagValue(argv, '--builds') ?? '').split(',').filter((b) => b !== '');
  if (builds.length !== 2) throw new UsageError('--builds takes two main.js paths, comma-separated');
  const delay = flagValue(argv, '--redis-delay-ms');
  const tracingRatio = ratioFlag(argv, '--tracing-ratio');
  const comparison = await compareBuilds({
    builds: [builds[0]!, builds[1]!],
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    rate: positiveFlag(argv, '--rate', 1_000),
    seconds: positiveFlag(argv, '--seconds', 8),
    rounds: Math.round(positiveFlag(argv, '--rounds', 3)),
    // 0 (no proxy) is a valid delay; anything else must be positive.
    redisDelayMs: delay === undefined || delay === '0' ? 0 : positiveFlag(argv, '--redis-delay-ms', 0),
    ...(tracingRatio === undefined ? {} : { tracingRatio }),
  });
  process.stdout.write(`${renderComparison(comparison)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runTool(() => main(process.argv.slice(2)));
