import { pathToFileURL } from 'node:url';
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing } from '@wfm-sync/observability';
import { medianOf, roundsAndCalls, runTool } from './cpu-rounds.js';

/**
 * CPU time of the OpenTelemetry SDK's own steps as ingest takes them for a delivery (decision 034 compares it with
 * what a sampled delivery costs the whole process): a request span that is not sampled, a sampled span with a record
 * span's attributes started and ended, its OTLP/protobuf serialization, and a context entered. Measured with
 * `process.cpuUsage` over many calls in this process (the SDK started by `startTracing`, as a main does); whether a
 * span is sampled is decided by the parent `traceparent`'s flag, as for a delivery that carries one.
 *
 * `node apps/bench/dist/ingest/span-cost.js [--rounds N] [--calls N]`
 */

export interface SpanCosts {
  /** µs of CPU: `traceparent` extracted, a request span started that is not sampled. */
  unsampledRequestSpanUs: number;
  /** µs of CPU: a sampled span started with seven attributes (a `record` span's) and ended. */
  sampledSpanUs: number;
  /** µs of CPU per span to serialize a batch of them as one OTLP/protobuf request. */
  serializeUsPerSpan: number;
  bytesPerSpan: number;
  /** µs of CPU: a context with a span entered and left (`context.with`). */
  contextSwitchUs: number;
  /** Spans the processor saw end: every sampled one, and none of the unsampled. */
  endedSpans: number;
}

/** Keeps the first `size` ended spans (the batch to serialize) and counts them all. */
class CountingProcessor implements SpanProcessor {
  readonly batch: ReadableSpan[] = [];
  ended = 0;
  constructor(private readonly size: number) {}
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended++;
    if (this.batch.length < this.size) this.batch.push(span);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

const traceparent = (sampled: boolean) =>
  `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-${sampled ? '01' : '00'}`;

/** The context of a sampled remote parent: spans started under it are sampled by a parent-based sampler. */
export function sampledParentContext(): Context {
  return propagation.extract(ROOT_CONTEXT, { traceparent: traceparent(true) });
}

/** Starts and ends a span as ingest's `record` span is (seven attributes), under `parent`. */
export function endRecordSpan(tracer: Tracer, parent: Context, i: number): void {
  tracer
    .startSpan(
      'record agent.capacity.updated',
      {
        attributes: {
          'wfm.event.id': `evt_${i}`,
          'wfm.event.type': 'agent.capacity.updated',
          'wfm.event.sequence': i,
          'wfm.org': 'org-apac',
          'wfm.kind': 'agent',
          'wfm.key': `org-apac/agent/agent-${i % 500}`,
        },
      },
      parent,
    )
    .setAttribute('wfm.event.outcome', 'accepted')
    .end();
}

/** Median CPU µs per call of `step` over `rounds` runs of `calls` calls. */
function cpuPerCall(step: (i: number) => void, calls: number, rounds: number): number {
  const runs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) step(i);
    const used = process.cpuUsage(start);
    runs.push((used.user + used.system) / calls);
  }
  return medianOf(runs);
}

/** Starts tracing in this process (once per process: the SDK is global) and measures each step. */
export async function measureSpanCosts(options: { calls: number; rounds: number }): Promise<SpanCosts> {
  const { calls, rounds } = options;
  const processor = new CountingProcessor(64);
  const tracing = await startTracing({ service: 'span-cost', spanProcessors: [processor] });
  try {
    const tracer = trace.getTracer('span-cost');
    const unsampledParent = propagation.extract(ROOT_CONTEXT, { traceparent: traceparent(false) });
    const sampledParent = sampledParentContext();
    const headers = { 'content-type': 'application/json', traceparent: traceparent(false) };
    let recording = 0;
    const unsampledRequest = () => {
      const parent = propagation.extract(ROOT_CONTEXT, headers);
      if (tracer.startSpan('POST /v1/webhooks/wfm', { kind: SpanKind.SERVER }, parent).isRecording())
        recording++;
    };
    const sampledSpan = (i: number) => endRecordSpan(tracer, sampledParent, i);
    // Warm-up: the JIT, and a full batch of ended spans to serialize.
    for (let i = 0; i < calls / 10; i++) {
      unsampledRequest();
      sampledSpan(i);
    }
    // The resource's detected attributes settle asynchronously; serializing before would log a warning per span.
    await processor.batch[0]?.resource.waitForAsyncAttributes?.();
    const unsampledRequestSpanUs = cpuPerCall(unsampledRequest, calls, rounds);
    const sampledSpanUs = cpuPerCall(sampledSpan, calls, rounds);
    const { batch } = processor;
    const serializations = Math.max(1, Math.round(calls / batch.length / 4));
    const bytes = ProtobufTraceSerializer.serializeRequest(batch)?.length ?? 0;
    const serializeUsPerSpan =
      cpuPerCall(() => ProtobufTraceSerializer.serializeRequest(batch), serializations, rounds) /
      batch.length;
    const active = trace.setSpan(
      unsampledParent,
      trace.wrapSpanContext(trace.getSpanContext(sampledParent)!),
    );
    const contextSwitchUs = cpuPerCall(() => context.with(active, () => undefined), calls, rounds);
    if (recording > 0) throw new Error(`${recording} request spans recorded under an unsampled parent`);
    return {
      unsampledRequestSpanUs,
      sampledSpanUs,
      serializeUsPerSpan,
      bytesPerSpan: bytes / batch.length,
      contextSwitchUs,
      endedSpans: processor.ended,
    };
  } finally {
    await tracing.shutdown();
  }
}

async function main(): Promise<void> {
  const { rounds, calls } = roundsAndCalls(process.argv.slice(2), { rounds: 5, calls: 100_000 });
  const c = await measureSpanCosts({ calls, rounds });
  const us = (v: number) => v.toFixed(2);
  process.stdout.write(
    [
      `CPU time per step of the OpenTelemetry SDK, median of ${rounds} rounds of ${calls.toLocaleString('en-US')} calls (Node ${process.version})`,
      '',
      '| step | µs CPU |',
      '|---|---|',
      `| traceparent extracted, request span not sampled | ${us(c.unsampledRequestSpanUs)} |`,
      `| sampled span, seven attributes, started and ended | ${us(c.sampledSpanUs)} |`,
      `| OTLP/protobuf serialization, per span of a batch of 64 (${Math.round(c.bytesPerSpan)} bytes a span) | ${us(c.serializeUsPerSpan)} |`,
      `| context entered and left | ${us(c.contextSwitchUs)} |`,
      '',
    ].join('\n'),
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runTool(main);
