export type { Counter, Gauge, Histogram, Registry } from 'prom-client';
export {
  type CreateLoggerOptions,
  childLogger,
  createLogger,
  type LogBindings,
  type Logger,
} from './logger.js';
export {
  type CreateMetricsRegistryOptions,
  counter,
  createMetricsRegistry,
  DEFAULT_DURATION_BUCKETS,
  gauge,
  histogram,
  type MetricKind,
  type MetricOptions,
  metricName,
  topologyReloadCounter,
} from './metrics.js';
export { type OpsRoutesOptions, type ReadinessReport, registerOpsRoutes } from './ops-routes.js';
export {
  errorSerializer,
  isSecretKey,
  REDACTED,
  redactSecrets,
  SECRET_KEYS,
} from './redaction.js';
export { type OnShutdownOptions, onShutdown, type Shutdown, type ShutdownStep } from './shutdown.js';
export { traceFields } from './trace-fields.js';
export {
  annotateActiveSpan,
  instrumentFastify,
  type StartTracingOptions,
  startTracing,
  type Tracing,
  tracingActive,
  tracingRequested,
} from './tracing.js';
