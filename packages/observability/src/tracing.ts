import { type Attributes, type Span, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { FastifyInstance, FastifyRequest } from 'fastify';

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

/** What @fastify/otel needs of us: its plugin, applied at once (not through `register`, which runs late). */
type FastifyPlugin = (instance: FastifyInstance, opts: unknown, done: () => void) => void;

let active = false;
let fastifyPlugin: FastifyPlugin | undefined;

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
  const [{ startNodeSdk }, { resourceFromAttributes }, { FastifyOtelInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/resources'),
    import('@fastify/otel'),
  ]);
  const fastify = new FastifyOtelInstrumentation({
    // One span per request: a span per hook and one for the handler cost ingest a fifth of its CPU per delivery
    // (measured, decision 027) and say nothing the request span does not.
    instrumentHooks: false,
    instrumentHandler: false,
    // Probes and metrics scrapes are not deliveries: no trace for them.
    ignorePaths: (route: { url?: string }) => OPS_PATHS.has(route.url ?? ''),
    requestHook: (span: Span, request: FastifyRequest) => {
      span.updateName(`${request.method} ${request.routeOptions.url ?? request.url}`);
      span.setAttribute('http.request.id', String(request.id));
    },
  });
  const sdk = startNodeSdk({
    // Traces only: no log or metric pipeline from the environment's defaults (Prometheus stays the metrics path).
    baseResource: resourceFromAttributes({ 'service.name': options.service }),
    logRecordProcessors: [],
    metricReaders: [],
    instrumentations: [fastify],
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
  });
  fastifyPlugin = fastify.plugin() as unknown as FastifyPlugin;
  active = true;
  return {
    enabled: true,
    shutdown: async () => {
      active = false;
      await sdk.shutdown();
    },
  };
}

/** Traces the app's requests (one span per request, its route as name) when tracing is on; else nothing. */
export function instrumentFastify(app: FastifyInstance): void {
  if (fastifyPlugin === undefined) return;
  fastifyPlugin(app, undefined, () => undefined);
}

/** Attributes on the active span, if one records (no-op when tracing is off). */
export function annotateActiveSpan(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}

const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
