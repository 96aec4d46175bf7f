import type { FastifyInstance } from 'fastify';
import type { SimMetrics } from '../server/metrics.js';

/** Probes and metrics of the process (docs/configuration.md). */
export function healthRoutes(app: FastifyInstance, metrics: SimMetrics, isClosing: () => boolean): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    // The simulator keeps its state in memory: once constructed it is ready, until it shuts down.
    if (isClosing()) return reply.code(503).send({ status: 'closing' });
    return { status: 'ready' };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('Content-Type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
