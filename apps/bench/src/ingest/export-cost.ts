import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing } from '@wfm-sync/observability';
import { flagValue, medianOf, positiveFlag, positiveNumber, runTool } from './cpu-rounds.js';
import { startOtlpSink } from './otlp-sink.js';
import { endRecordSpan, sampledParentContext } from './span-cost.js';

/**
 * What a sampled span costs a process that makes spans at a steady rate, as a traced ingest does, not in a hot loop
 * (span-cost.ts): spans started and ended in 10 ms ticks at `rate` per second, the process's CPU time over the run
 * divided by the spans. Three configurations, each in a child process of its own (the SDK is global to a process):
 * ticks without spans (what the ticks themselves cost), spans the processor drops, and spans the SDK's batch
 * processor exports over OTLP/HTTP to a sink in this process, once per export batch size. Their differences are what
 * making a span and exporting it cost, for the whole process and (Node 23.9 and later) for its main thread. Also the
 * event loop's longest hold in each: an export serializes its whole batch on the loop (decision 033).
 *
 * `node apps/bench/dist/ingest/export-cost.js [--rate N] [--seconds N] [--rounds N] [--batches 64,512]`
 */

export type ExportConfig =
  | { spans: 'none' }
  | { spans: 'dropped' }
  | { spans: 'exported'; batchSize: number };

export interface ExportRun {
  /** Process CPU µs (all its threads: GC and compiler helpers too) per span, or per would-be span without spans. */
  cpuUsPerSpan: number;
  /** The main thread's CPU µs per span (undefined where Node has no `process.threadCpuUsage`). */
  mainThreadUsPerSpan: number | undefined;
  /** The event loop's longest delay over the run, ms. */
  loopMaxMs: number;
  spans: number;
}

export interface ExportCosts {
  rate: number;
  seconds: number;
  rounds: number;
  /** Medians over the rounds. */
  ticksUs: number;
  droppedUs: number;
  droppedMainThreadUs: number | undefined;
  exported: {
    batchSize: number;
    cpuUsPerSpan: number;
    mainThreadUsPerSpan: number | undefined;
    loopMaxMs: number;
  }[];
  /** Export requests and bytes the sink took, over every run. */
  sink: { requests: number; bytes: number };
}

const TICK_MS = 10;

/** Keeps nothing: the span is made and ended, then forgotten. */
const DROPPING: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/** This thread's CPU time (Node 23.9 and later; the bench runs on 26, CI also on 22). */
const threadCpuUsage = (
  process as { threadCpuUsage?: (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage }
).threadCpuUsage?.bind(process);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** In a child process: makes spans at `rate` for `seconds` (after a warm-up) and measures what they cost. */
export async function runExportConfig(
  config: ExportConfig,
  options: { rate: number; seconds: number },
): Promise<ExportRun> {
  const tracing = await startTracing({
    service: 'export-cost',
    ...(config.spans === 'exported' ? {} : { spanProcessors: [DROPPING] }),
  });
  try {
    const tracer = trace.getTracer('export-cost');
    const parent = sampledParentContext();
    const perTick = Math.max(1, Math.round((options.rate * TICK_MS) / 1000));
    let made = 0;
    const tick = () => {
      if (config.spans === 'none') return;
      for (let k = 0; k < perTick; k++) endRecordSpan(tracer, parent, made++);
    };
    // Warm-up: the JIT, the exporter's connection, the resource's detected attributes.
    for (let t = 0; t < 1000 / TICK_MS; t++) {
      tick();
      await sleep(TICK_MS);
    }
    await sleep(500);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const ticks = Math.max(1, Math.round((options.seconds * 1000) / TICK_MS));
    const start = process.cpuUsage();
    const threadStart = threadCpuUsage?.();
    for (let t = 0; t < ticks; t++) {
      tick();
      await sleep(TICK_MS);
    }
    const used = process.cpuUsage(start);
    const threadUsed = threadStart === undefined ? undefined : threadCpuUsage?.(threadStart);
    loop.disable();
    const spans = ticks * perTick;
    return {
      cpuUsPerSpan: (used.user + used.system) / spans,
      mainThreadUsPerSpan:
        threadUsed === undefined ? undefined : (threadUsed.user + threadUsed.system) / spans,
      loopMaxMs: loop.max / 1e6,
      spans,
    };
  } finally {
    await tracing.shutdown();
  }
}

/** Runs one configuration in a child process of `script` (this module, built), its spans exported to `sinkUrl`. */
function runChild(
  script: string,
  config: ExportConfig,
  options: { rate: number; seconds: number },
  sinkUrl: string,
): Promise<ExportRun> {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--child', JSON.stringify({ config, options })], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
        ...(config.spans === 'exported' ? { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: String(config.batchSize) } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Not the parent's flags: under the test runner they resolve the workspace's packages to their sources.
      execArgv: [],
    });
    let result: ExportRun | undefined;
    child.once('message', (message) => {
      result = message as ExportRun;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`export-cost child exited ${code} without a result`)),
    );
  });
}

/** Each configuration once per round, in the same order every round; medians over the rounds. */
export async function measureExportCosts(options: {
  rate: number;
  seconds: number;
  rounds: number;
  batchSizes: readonly number[];
  /** The built module to run the children with. @defaultValue this module */
  script?: string;
}): Promise<ExportCosts> {
  const script = options.script ?? fileURLToPath(import.meta.url);
  const sink = await startOtlpSink();
  try {
    const configs: ExportConfig[] = [
      { spans: 'none' },
      { spans: 'dropped' },
      ...options.batchSizes.map((batchSize) => ({ spans: 'exported' as const, batchSize })),
    ];
    const runs = configs.map(() => [] as ExportRun[]);
    for (let round = 0; round < options.rounds; round++)
      for (const [i, config] of configs.entries())
        runs[i]!.push(await runChild(script, config, options, sink.url));
    const median = (i: number, pick: (run: ExportRun) => number) => medianOf(runs[i]!.map(pick));
    const mainThread = (i: number) =>
      runs[i]!.every((r) => r.mainThreadUsPerSpan !== undefined)
        ? median(i, (r) => r.mainThreadUsPerSpan ?? 0)
        : undefined;
    return {
      rate: options.rate,
      seconds: options.seconds,
      rounds: options.rounds,
      ticksUs: median(0, (r) => r.cpuUsPerSpan),
      droppedUs: median(1, (r) => r.cpuUsPerSpan),
      droppedMainThreadUs: mainThread(1),
      exported: options.batchSizes.map((batchSize, b) => ({
        batchSize,
        cpuUsPerSpan: median(2 + b, (r) => r.cpuUsPerSpan),
        mainThreadUsPerSpan: mainThread(2 + b),
        loopMaxMs: median(2 + b, (r) => r.loopMaxMs),
      })),
      sink: sink.received(),
    };
  } finally {
    await sink.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const child = flagValue(argv, '--child');
  if (child !== undefined) {
    const { config, options } = JSON.parse(child) as {
      config: ExportConfig;
      options: { rate: number; seconds: number };
    };
    const run = await runExportConfig(config, options);
    // The IPC channel keeps a child alive: let go of it once the parent has the result.
    await new Promise<void>((resolve) => process.send?.(run, () => resolve()) ?? resolve());
    process.disconnect?.();
    return;
  }
  const batches = flagValue(argv, '--batches') ?? '64,512';
  const costs = await measureExportCosts({
    rate: positiveFlag(argv, '--rate', 2_600),
    seconds: positiveFlag(argv, '--seconds', 5),
    rounds: Math.round(positiveFlag(argv, '--rounds', 3)),
    batchSizes: batches.split(',').map((size) => Math.round(positiveNumber('--batches', size))),
  });
  const us = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(1));
  const minus = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? undefined : a - b;
  const made = costs.droppedUs - costs.ticksUs;
  process.stdout.write(
    [
      `CPU time per sampled span at ${costs.rate.toLocaleString('en-US')} spans/s in ${TICK_MS} ms ticks, median of ${costs.rounds} runs of ${costs.seconds} s each (Node ${process.version}): the whole process (all its threads) and its main thread`,
      '',
      '| spans | µs CPU per span | of which making it | of which exporting it | main thread: exporting it | longest event-loop hold |',
      '|---|---|---|---|---|---|',
      `| none (the ticks alone) | ${us(costs.ticksUs)} | | | | |`,
      `| made and dropped | ${us(costs.droppedUs)} | ${us(made)} | | | |`,
      ...costs.exported.map(
        (e) =>
          `| exported, batches of ${e.batchSize} | ${us(e.cpuUsPerSpan)} | ${us(made)} | ${us(e.cpuUsPerSpan - costs.droppedUs)} | ${us(minus(e.mainThreadUsPerSpan, costs.droppedMainThreadUs))} | ${e.loopMaxMs.toFixed(1)} ms |`,
      ),
      '',
      `The sink took ${costs.sink.requests.toLocaleString('en-US')} export requests (${Math.round(costs.sink.bytes / 1024).toLocaleString('en-US')} KiB).`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runTool(() => main(process.argv.slice(2)));
