import { trace } from '@opentelemetry/api';
import { tracingActive } from './tracing.js';

const NONE: Record<string, never> = Object.freeze({});

/**
 * pino `mixin`: the active span's ids, as the OpenTelemetry log data model names them (trace_id, span_id,
 * trace_flags), so a log line and its trace find each other. Off, one flag is read per line.
 */
export function traceFields(): Record<string, string> {
  if (!tracingActive()) return NONE;
  const context = trace.getActiveSpan()?.spanContext();
  if (context === undefined || !trace.isSpanContextValid(context)) return NONE;
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    trace_flags: `0${context.traceFlags.toString(16)}`.slice(-2),
  };
}
