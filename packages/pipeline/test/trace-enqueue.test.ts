import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing, type Tracing } from '@wfm-sync/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceEnqueue } from '../src/tracing.js';

/* Decision 037: a caller's enqueue is an event on its own span, not a span; unsampled callers pay nothing. */
describe('traceEnqueue', () => {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  let tracing: Tracing;
  const tracer = () => trace.getTracer('trace-enqueue-test');

  beforeAll(async () => {
    tracing = await startTracing({
      service: 'trace-enqueue-test',
      spanProcessors: [processor],
    });
  });
  afterAll(() => tracing.shutdown());

  /** Runs `work` inside a span of its own (sampled: the SDK's default sampler is always-on) and returns it, ended. */
  async function inCallerSpan(work: () => Promise<unknown>): Promise<ReadableSpan> {
    exporter.reset();
    const span = tracer().startSpan('caller');
    await context.with(trace.setSpan(context.active(), span), work).catch(() => undefined);
    span.end();
    await processor.forceFlush();
    const [ended] = exporter.getFinishedSpans();
    return ended!;
  }

  it("marks a settled enqueue on the caller's span: its keys and its wait, and no span of its own", async () => {
    let answer: unknown;
    const caller = await inCallerSpan(async () => {
      answer = await traceEnqueue(3, async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 'added';
      });
    });
    expect(answer).toBe('added');
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['caller']);
    expect(caller.events.map((event) => event.name)).toEqual(['enqueue']);
    const attributes = caller.events[0]!.attributes!;
    expect(attributes['wfm.keys']).toBe(3);
    expect(attributes['wfm.enqueue.wait_ms']).toBeGreaterThanOrEqual(15);
    expect(attributes['error.type']).toBeUndefined();
  });

  it('marks a failed enqueue with its error and still throws it', async () => {
    let thrown: unknown;
    const caller = await inCallerSpan(async () => {
      await traceEnqueue(1, async () => {
        throw new TypeError('Redis went away');
      }).catch((error: unknown) => {
        thrown = error;
      });
    });
    expect(thrown).toBeInstanceOf(TypeError);
    expect(caller.events[0]?.attributes).toMatchObject({
      'wfm.keys': 1,
      'error.type': 'TypeError',
      'exception.message': 'Redis went away',
    });
  });

  it('runs an enqueue outside a sampled trace untouched', async () => {
    exporter.reset();
    await expect(traceEnqueue(2, async () => 'added')).resolves.toBe('added');
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
