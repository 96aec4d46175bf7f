import { type Attributes, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FastifyInstance } from 'fastify';
import { traceRequests } from './request-spans.js';

/*
 * OpenTelemetry tracing (docs/decisions/027-tracing.md). Off unless the standard variables ask for it
 * (OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_TRACES_EXPORTER); everything else
 * (OTEL_SERVICE_NAME, OTEL_TRACES_SAMPLER(_ARG), OTEL_EXPORTER_OTLP_*, OTEL_BSP_*) is read by the SDK itself.
 * Off, nothing of the SDK is even loaded: the rest of the code sees the API's no-op tracer.
 */

export interface StartTracingOptions {
  /** `service.name` unless OTEL_SERVICE_NAME (or OTEL_RESOURCE_ATTRIBUTES) says otherwise. */
  service: string;
  /** @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Tests: span processors to use instead of the exporters the environment names (tracing is then on). */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  enabled: boolean;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

let active = false;

/**
 * Spans per OTLP export unless OTEL_BSP_MAX_EXPORT_BATCH_SIZE says otherwise (decision 038; the SDK's default is
 * 512). An export request costs its sender far more than the spans in it (the HTTP request and its socket writes):
 * decision 033's 64 made a sampled delivery about a fifth dearer. An export also serializes its whole batch on the
 * event loop: 256 serializes half as many spans at a time as 512, for three quarters of its saving over 64.
 */
export const DEFAULT_EXPORT_BATCH_SIZE = 256;

const OFF: Tracing = { enabled: false, shutdown: async () => undefined };

/** True when the environment asks for traces (an OTLP endpoint or an exporter other than `none`). */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (isTrue(env.OTEL_SDK_DISABLED)) return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').trim();
  if (exporters !== '') return exporters.split(',').some((name) => name.trim() !== 'none');
  return nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) || nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether tracing was started in this process (cheap: a flag). */
export function tracingActive(): boolean {
  return active;
}

/**
 * Starts the OpenTelemetry SDK when the environment asks for it (or a test passes span processors): call it first
 * in a main, before queues, workers and servers are created. Idempotent per process.
 */
export async function startTracing(options: StartTracingOptions): Promise<Tracing> {
  const env = options.env ?? process.env;
  if (options.spanProcessors === undefined && !tracingRequested(env)) return OFF;
  if (active) return { enabled: true, shutdown: async () => undefined };
  // The SDK reads its batching from process.env, whatever `env` a caller passed; an operator's own value stands.
  if (!nonEmpty(process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE))
    process.env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE = String(DEFAULT_EXPORT_BATCH_SIZE);
  const [{ startNodeSdk }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/resources'),
  ]);
  const sdk = startNodeSdk({
    // Traces only: no log or metric pipeline from the environment's defaults (Prometheus stays the metrics path).
    // No auto-instrumentation: request spans are ours (request-spans.ts), the rest are the pipeline's and the client's.
    baseResource: resourceFromAttributes({ 'service.name': options.service }),
    logRecordProcessors: [],
    metricReaders: [],
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
  });
  active = true;
  return {
    enabled: true,
    shutdown: async () => {
      active = false;
      await sdk.shutdown();
    },
  };
}

/**
 * Traces the app's requests (one SERVER span per sampled request, named by its method and route) when tracing is on;
 * else adds nothing. Call it right after creating the app, before its routes and other hooks.
 */
export function instrumentFastify(app: FastifyInstance): void {
  if (!active) return;
  traceRequests(app, trace.getTracer(HTTP_TRACER));
}

/** The instrumentation scope of request spans. */
const HTTP_TRACER = 'wfm-sync-http';

/** Attributes on the active span, if one records (no-op when tracing is off). */
export function annotateActiveSpan(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
