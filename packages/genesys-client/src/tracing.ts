import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { GenesysApiError } from './errors/genesys-api-error.js';
import type { ThrottleAccount } from './throttle.js';
import type { CallSpec } from './transport.js';

const tracer = trace.getTracer('wfm-sync-genesys-client');

/**
 * Runs one Genesys call (its token and budget waits, the 401 refetch) in a CLIENT span named by its route
 * template: status, ININ-Correlation-Id, budget wait. Only under a recording span (a reconcile, a trunk poll):
 * tracing off, or a call outside any trace, costs one context lookup.
 */
export async function traceGenesysCall<T extends { status: number; correlationId: string | undefined }>(
  orgId: string,
  spec: CallSpec,
  run: (account: ThrottleAccount) => Promise<T>,
): Promise<T> {
  const account: ThrottleAccount = { waitedMs: 0 };
  if (trace.getActiveSpan()?.isRecording() !== true) return run(account);
  return tracer.startActiveSpan(
    `${spec.method} ${spec.route}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.request.method': spec.method,
        'url.template': spec.route,
        'server.address': spec.url.hostname,
        'genesys.org': orgId,
        'genesys.write': spec.write !== undefined,
      },
    },
    async (span) => {
      try {
        const answer = await run(account);
        span.setAttributes({
          'http.response.status_code': answer.status,
          ...(answer.correlationId ? { 'genesys.correlation_id': answer.correlationId } : {}),
        });
        return answer;
      } catch (error) {
        if (error instanceof GenesysApiError) {
          span.setAttributes({
            ...(error.status === undefined ? {} : { 'http.response.status_code': error.status }),
            ...(error.correlationId ? { 'genesys.correlation_id': error.correlationId } : {}),
            'error.type': error.kind,
          });
        }
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.setAttribute('genesys.budget.wait_ms', Math.round(account.waitedMs));
        span.end();
      }
    },
  );
}
