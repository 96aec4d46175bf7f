import type { Logger } from 'pino';
import type { GenesysClientMetrics } from './metrics.js';
import type { GenesysRequestEvent } from './options.js';

/** How a request ended: an HTTP status, or no answer at all. */
export type RequestOutcome = { status: number } | { failure: 'timeout' | 'network' };

/** Counts and times every request sent (API, token, upload), and tells the onRequest hook. */
export class RequestRecorder {
  constructor(
    private readonly deps: {
      orgId: string;
      metrics: GenesysClientMetrics;
      logger: Logger;
      onRequest: ((event: GenesysRequestEvent) => void) | undefined;
    },
  ) {}

  record(method: string, route: string, outcome: RequestOutcome, durationMs: number): void {
    const org = this.deps.orgId;
    const status = 'status' in outcome ? outcome.status : undefined;
    const statusLabel = 'status' in outcome ? String(outcome.status) : outcome.failure;
    this.deps.metrics.requests.inc({ org, method, route, status: statusLabel });
    this.deps.metrics.requestDuration.observe({ org, method, route }, durationMs / 1000);
    if (!this.deps.onRequest) return;
    try {
      this.deps.onRequest({ orgId: org, method, route, status, durationMs });
    } catch (error) {
      // A broken hook must not turn a request that happened into a failure of the call.
      this.deps.logger.error({ err: error, route }, 'the onRequest hook threw');
    }
  }
}
