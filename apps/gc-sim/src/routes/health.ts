import { registerOpsRoutes } from '@wfm-sync/observability';
import type { FastifyInstance } from 'fastify';
import type { SimMetrics } from '../server/metrics.js';

/** Probes and metrics of the process (docs/configuration.md), as every wfm-sync process serves them. */
export function healthRoutes(app: FastifyInstance, metrics: SimMetrics, isClosing: () => boolean): void {
  registerOpsRoutes(app, {
    registry: metrics.registry,
    // The simulator keeps its state in memory: once constructed it is ready, until it shuts down.
    ready: async () => ({ ok: !isClosing(), checks: { open: isClosing() ? 'closing' : true } }),
  });
}
