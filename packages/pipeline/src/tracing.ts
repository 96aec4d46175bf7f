import {
  type Context,
  context,
  INVALID_SPAN_CONTEXT,
  type Link,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { keyLabel, type SyncKey, type WfmEvent } from '@wfm-sync/domain';
import { tracingActive } from '@wfm-sync/observability';
import { type JobsOptions, type Telemetry, TelemetryAttributes } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import type { ReconcileResult } from './reconcile/types.js';
import type { TraceLinkStore } from './store/trace-links.js';

/*
 * The pipeline's spans (docs/decisions/027-tracing.md): each event recorded, the shared add (each caller's enqueue is
 * an event on its own span: decision 037), the reconcile of a key with links to the events that changed it. Every
 * helper runs its work untouched when tracing is off.
 */

const tracer = trace.getTracer('wfm-sync-pipeline');

/** BullMQ operations worth a span: the hand-over of jobs. Polls, stalled checks and closes are not traced. */
const TRACED_BULLMQ_OPERATIONS = ['add ', 'addBulk ', 'process '];

let telemetry: Telemetry | undefined;

/**
 * BullMQ's telemetry (bullmq-otel) for workers when tracing is on (their `process` spans); undefined (no cost) when
 * off. The queues jobs are added with have none: `traceBatchAdd` is their span (decision 028).
 */
export function queueTelemetry(): Telemetry | undefined {
  if (!tracingActive()) return undefined;
  if (telemetry) return telemetry;
  const otel = new BullMQOtel({ tracerName: 'bullmq' });
  const untraced = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  telemetry = {
    contextManager: otel.contextManager,
    tracer: {
      // Only inside a sampled trace (a delivery's enqueue, a job that carries one): BullMQ's own bookkeeping
      // (blocking fetches, stalled checks, scheduler adds, trunk polls every few seconds) would start a trace each
      // time, and a span under an unsampled parent would be dropped anyway.
      startSpan: (name, options, ctx) => {
        const parent = trace.getSpanContext(ctx ?? context.active());
        return TRACED_BULLMQ_OPERATIONS.some((op) => name.startsWith(op)) &&
          parent !== undefined &&
          trace.isSpanContextValid(parent) &&
          (parent.traceFlags & TraceFlags.SAMPLED) !== 0
          ? otel.tracer.startSpan(name, options, ctx)
          : new UntracedSpan(untraced);
      },
    },
  };
  return telemetry;
}

class UntracedSpan {
  constructor(private readonly span: Span) {}
  setSpanOnContext(ctx: Context): Context {
    return trace.setSpan(ctx, this.span);
  }
  setAttribute(): void {}
  setAttributes(): void {}
  addEvent(): void {}
  recordException(): void {}
  end(): void {}
}

/**
 * The job options' telemetry of the active context: the job's `process` span then continues the trace of the
 * webhook that named the key, not of whichever webhook opened the shared `addBulk` (decision 016).
 */
export function jobTelemetry(): Pick<JobsOptions, 'telemetry'> {
  if (!tracingActive() || trace.getActiveSpan()?.isRecording() !== true) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { telemetry: { metadata: JSON.stringify(carrier) } };
}

/** The active context when it is a sampled trace's, else undefined (one flag and one lookup). */
export function callerContext(): Context | undefined {
  return recordingParent() ? context.active() : undefined;
}

/**
 * Runs the add of a shared batch (`add` for one job, `addBulk` for more) in a PRODUCER span `add <queue>` or
 * `addBulk <queue>` under `opener`, the context of the caller that opened the batch, when its trace is sampled; else
 * runs it untouched. The queues have no BullMQ telemetry: it wrapped every add in a context switch and a
 * (non-recording) span, and gave the jobs of unsampled callers the opener's trace context. Each job still carries its
 * own caller's (`jobTelemetry`).
 */
export function traceBatchAdd<T>(
  queue: string,
  jobs: number,
  opener: Context | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (opener === undefined) return run();
  const operation = jobs === 1 ? 'add' : 'addBulk';
  return context.with(opener, () =>
    inSpan(
      `${operation} ${queue}`,
      {
        [TelemetryAttributes.QueueName]: queue,
        [TelemetryAttributes.QueueOperation]: operation,
        [TelemetryAttributes.BulkCount]: jobs,
      },
      SpanKind.PRODUCER,
      run,
    ),
  );
}

/**
 * Runs a caller's enqueue and, in a sampled trace, marks it on the caller's span (the request's) with an `enqueue`
 * event once it has settled: its keys, its wait for the shared batch in ms, and its error if it failed. An event, not
 * a span of its own (decision 037): it was one of the about 3.4 spans a sampled delivery exported, and a span's cost
 * is mostly its export.
 */
export async function traceEnqueue<T>(keys: number, run: () => Promise<T>): Promise<T> {
  const span = tracingActive() ? trace.getActiveSpan() : undefined;
  if (span?.isRecording() !== true) return run();
  const started = performance.now();
  const marked = (extra: Record<string, string> = {}) =>
    span.addEvent('enqueue', {
      'wfm.keys': keys,
      'wfm.enqueue.wait_ms': Math.round((performance.now() - started) * 1000) / 1000,
      ...extra,
    });
  try {
    const result = await run();
    marked();
    return result;
  } catch (error) {
    marked({
      'error.type': error instanceof Error ? error.name : 'unknown',
      'exception.message': messageOf(error),
    });
    throw error;
  }
}

export interface RoutedEvent {
  event: WfmEvent;
  key: SyncKey;
}

/** One store call's reply per event: [outcome (1 kept, 0 duplicate, -1 stale), rev, …]. */
type StoreReply = readonly [number, ...unknown[]];

/** The trace context (W3C `traceparent`) of a sampled event's span, to keep with its key if the event is kept. */
export interface TraceLink {
  /** The event's position in the store call. */
  index: number;
  key: SyncKey;
  traceparent: string;
}

const NO_LINKS: readonly TraceLink[] = [];

/**
 * Runs one org's store call with a span per event (`record <type>`: id, key, sequence, outcome: `accepted`,
 * `duplicate`, `stale`, or `unrecorded` when the call stored nothing, its webhook-id being another delivery's). The
 * call gets the trace context of every event of a sampled trace, and keeps those of the events it keeps with their
 * keys, so that the reconcile can link to them (decision 032: in the store call itself, not a command of its own).
 */
export async function traceRecord<R extends readonly StoreReply[]>(
  routed: readonly RoutedEvent[],
  run: (links: readonly TraceLink[]) => Promise<R>,
): Promise<R> {
  if (!recordingParent()) return run(NO_LINKS);
  const spans = routed.map(({ event, key }) =>
    tracer.startSpan(`record ${event.type}`, {
      attributes: {
        'wfm.event.id': event.id,
        'wfm.event.type': event.type,
        'wfm.event.sequence': event.sequence,
        'wfm.org': key.orgId,
        'wfm.kind': key.kind,
        'wfm.key': keyLabel(key),
      },
    }),
  );
  const links: TraceLink[] = [];
  spans.forEach((span, index) => {
    const sc = span.spanContext();
    if ((sc.traceFlags & TraceFlags.SAMPLED) !== 0)
      links.push({ index, key: routed[index]!.key, traceparent: `00-${sc.traceId}-${sc.spanId}-01` });
  });
  let replies: R;
  try {
    replies = await run(links);
  } catch (error) {
    for (const span of spans) failed(span, error).end();
    throw error;
  }
  replies.forEach((reply, i) => {
    const outcome = reply[0] === 0 ? 'duplicate' : reply[0] < 0 ? 'stale' : 'accepted';
    spans[i]?.setAttribute('wfm.event.outcome', outcome).end();
  });
  // No reply: the call stored nothing (its webhook-id was not this delivery's to record).
  for (const span of spans.slice(replies.length)) span.setAttribute('wfm.event.outcome', 'unrecorded').end();
  return replies;
}

/**
 * Runs one reconcile of `key` in a span (`reconcile <kind>`: org, key, outcome, reason, plan size) linked to the
 * events that changed the key since it was last committed; a committed run consumes those links.
 */
export async function traceReconcile(
  links: TraceLinkStore,
  key: SyncKey,
  run: () => Promise<ReconcileResult>,
): Promise<ReconcileResult> {
  if (!tracingActive()) return run();
  const traceparents = await links.read(key).catch(() => [] as string[]);
  const spanLinks: Link[] = traceparents.flatMap((traceparent) => {
    const linked = trace.getSpanContext(propagation.extract(context.active(), { traceparent }));
    return linked ? [{ context: linked }] : [];
  });
  return tracer.startActiveSpan(
    `reconcile ${key.kind}`,
    {
      kind: SpanKind.INTERNAL,
      links: spanLinks,
      attributes: {
        'wfm.org': key.orgId,
        'wfm.kind': key.kind,
        'wfm.key': keyLabel(key),
        'wfm.links': spanLinks.length,
      },
    },
    async (span) => {
      try {
        const result = await run();
        span.setAttributes({
          'wfm.outcome': result.outcome,
          'wfm.reason': result.reason,
          'wfm.plan.calls': result.plan?.calls.length ?? 0,
          'wfm.plan.changes': result.plan?.changes.length ?? 0,
          'wfm.rev': result.rev,
        });
        if (result.outcome === 'applied' || result.outcome === 'noop')
          await links.consume(key, traceparents).catch(() => undefined);
        return result;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function recordingParent(): boolean {
  return tracingActive() && trace.getActiveSpan()?.isRecording() === true;
}

function inSpan<T>(
  name: string,
  attributes: Record<string, number | string>,
  kind: SpanKind,
  run: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await run();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failed(span: Span, error: unknown): Span {
  span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(error) });
  if (error instanceof Error) span.recordException(error);
  return span;
}
