import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  counter,
  createLogger,
  createMetricsRegistry,
  type ReadinessReport,
  registerOpsRoutes,
} from '../src/index.js';
import { captureStream } from './capture.js';

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

function appWith(ready: () => Promise<ReadinessReport>, readyTimeoutMs?: number) {
  const registry = createMetricsRegistry({ service: 'ops-test', collectDefault: false });
  const app = Fastify({ logger: false });
  apps.push(app);
  registerOpsRoutes(app, { registry, ready, ...(readyTimeoutMs === undefined ? {} : { readyTimeoutMs }) });
  return { app, registry };
}

describe('ops routes', () => {
  it('GET /healthz answers 200 ok', async () => {
    const { app } = appWith(async () => ({ ok: false, checks: {} }));
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with the checks when ready', async () => {
    const { app } = appWith(async () => ({ ok: true, checks: { redis: true, topology: 'loaded 2 orgs' } }));
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { redis: true, topology: 'loaded 2 orgs' } });
  });

  it('GET /readyz answers 503 with the checks when not ready', async () => {
    const { app } = appWith(async () => ({
      ok: false,
      checks: { redis: 'connection refused', topology: true },
    }));
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: { redis: 'connection refused', topology: true },
    });
  });

  it('GET /readyz answers 503 when the check throws or hangs', async () => {
    const failing = appWith(async () => {
      throw new Error('boom');
    });
    const thrown = await failing.app.inject({ method: 'GET', url: '/readyz' });
    expect(thrown.statusCode).toBe(503);
    expect(thrown.json()).toEqual({ status: 'unavailable', checks: { readiness: 'check failed' } });

    const hanging = appWith(() => new Promise<ReadinessReport>(() => {}), 50);
    const slow = await hanging.app.inject({ method: 'GET', url: '/readyz' });
    expect(slow.statusCode).toBe(503);
  });

  it('works with a fastify instance that logs through our logger', async () => {
    const capture = captureStream();
    const logger = createLogger({ service: 'ops-test', pretty: false, destination: capture.stream });
    const app = Fastify({ loggerInstance: logger });
    apps.push(app);
    registerOpsRoutes(app, {
      registry: createMetricsRegistry({ service: 'ops-test', collectDefault: false }),
      ready: async () => {
        throw new Error('redis ping failed');
      },
    });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    const logged = capture.lines();
    // Probes log only at warn and above: the failure is there, the routine requests are not.
    expect(logged.map((line) => line.msg)).toEqual(['readiness check failed']);
    expect(logged[0]).toMatchObject({ level: 50, err: { message: 'redis ping failed' } });
  });

  it('GET /metrics serves the registry in Prometheus text format', async () => {
    const { app, registry } = appWith(async () => ({ ok: true, checks: {} }));
    counter(registry, { name: 'wfm_sync_events_total', help: 'Events received.' }).inc(4);
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# HELP wfm_sync_events_total Events received.');
    expect(response.body).toContain('# TYPE wfm_sync_events_total counter');
    expect(response.body).toContain('wfm_sync_events_total{service="ops-test"} 4');
  });
});
