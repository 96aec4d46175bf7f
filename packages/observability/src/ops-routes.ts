import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerBase,
} from 'fastify';
import type { Registry } from 'prom-client';

export interface ReadinessReport {
  ok: boolean;
  /** Per dependency: true, false, or a short reason. Shown to whoever calls /readyz: no secrets. */
  checks: Record<string, boolean | string>;
}

export interface OpsRoutesOptions {
  registry: Registry;
  /** Redis reachable, configuration loaded, ... */
  ready: () => Promise<ReadinessReport>;
  /** A readiness check slower than this answers 503. @defaultValue 5000 */
  readyTimeoutMs?: number;
}

/**
 * `GET /healthz` (alive), `GET /readyz` (dependencies) and `GET /metrics` (Prometheus text) for
 * every long-running process. Probes and scrapes log at warn only, so they do not drown the logs.
 * Generic over the instance, so an app with its own logger or type provider fits.
 */
export function registerOpsRoutes<
  Server extends RawServerBase,
  Request extends RawRequestDefaultExpression<Server>,
  Reply extends RawReplyDefaultExpression<Server>,
  Logger extends FastifyBaseLogger,
  TypeProvider extends FastifyTypeProvider,
>(app: FastifyInstance<Server, Request, Reply, Logger, TypeProvider>, options: OpsRoutesOptions): void {
  const { registry, ready, readyTimeoutMs = 5000 } = options;

  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    let report: ReadinessReport;
    try {
      report = await withTimeout(ready(), readyTimeoutMs);
    } catch (error) {
      request.log.error({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', checks: { readiness: 'check failed' } });
    }
    return reply
      .code(report.ok ? 200 : 503)
      .send({ status: report.ok ? 'ok' : 'unavailable', checks: report.checks });
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const body = await registry.metrics();
    return reply.header('content-type', registry.contentType).send(body);
  });
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`readiness check took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
