import { trace } from '@opentelemetry/api';
import { tracingActive } from './tracing.js';

/**
 * pino `mixin`: the active span's ids, as the OpenTelemetry log data model names them (trace_id, span_id,
 * trace_flags), so a log line and its trace find each other. Off, one flag is read per line. A new object
 * every time: pino merges the line's own fields into it.
 */
export function traceFields(): Record<string, string> {
  if (!tracingActive()) return {};
  const context = trace.getActiveSpan()?.spanContext();
  if (context === undefined || !trace.isSpanContextValid(context)) return {};
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    trace_flags: `0${context.traceFlags.toString(16)}`.slice(-2),
  };
}
