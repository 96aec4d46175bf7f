import { timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LOOPBACK_ACTOR } from '../src/auth/access-control.js';
import type { ConstantTimeEqual } from '../src/auth/credentials.js';
import {
  BASIC_AUTH,
  basicAuthHeader,
  OPERATOR,
  smallFixture,
  startTestDashboard,
  type TestDashboard,
} from './support/dashboard.js';

const ORG = smallFixture().orgs[0]!.id;
const PROTECTED_GETS = [
  '/',
  '/keys',
  '/keys/inspect?org=x&kind=agent&id=y',
  '/trunks',
  '/pacing',
  '/budgets',
  '/dead-letters',
  '/assets/dashboard.css',
  '/api/status',
  `/api/keys?org=${ORG}`,
  '/api/trunks',
  '/api/pacing',
  '/api/budgets',
  '/api/dead-letters',
  '/queues',
  '/queues/api/queues',
  '/no-such-page',
];
const AUTHORIZED = { authorization: basicAuthHeader(OPERATOR.user, OPERATOR.password) };

describe('dashboard authentication (HTTP Basic)', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('answers 401 with a Basic challenge on every page, JSON route, bull-board route and unknown path', async () => {
    dashboard = await startTestDashboard();
    for (const url of PROTECTED_GETS) {
      const response = await dashboard.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['www-authenticate'], url).toBe(
        'Basic realm="wfm-sync dashboard", charset="UTF-8"',
      );
      expect(response.body, url).toBe('authentication required');
    }
    for (const url of ['/dead-letters/replay', '/dead-letters/purge', '/api/dead-letters/replay']) {
      const response = await dashboard.app.inject({ method: 'POST', url, payload: {} });
      expect(response.statusCode, url).toBe(401);
    }
  });

  it('refuses a wrong password or user, counts and logs the failure without the attempt', async () => {
    dashboard = await startTestDashboard();
    for (const [user, password] of [
      [OPERATOR.user, 'wrong-password-123'],
      ['someone', OPERATOR.password],
      [OPERATOR.user, ''],
    ] as const) {
      const response = await dashboard.app.inject({
        url: '/',
        headers: { authorization: basicAuthHeader(user, password) },
      });
      expect(response.statusCode).toBe(401);
    }
    const garbled = await dashboard.app.inject({ url: '/', headers: { authorization: 'Basic !!!' } });
    expect(garbled.statusCode).toBe(401);
    expect(await dashboard.registry.metrics()).toContain(
      'wfm_sync_dashboard_auth_failures_total{service="dashboard"} 4',
    );
    expect(
      dashboard.logs.lines.filter((line) => line.msg === 'dashboard: authentication failed'),
    ).toHaveLength(4);
    expect(dashboard.logs.text()).not.toContain('wrong-password-123');
  });

  it('serves every page and JSON route with the right credentials, naming who is signed in', async () => {
    dashboard = await startTestDashboard();
    for (const url of PROTECTED_GETS.filter((u) => u !== '/no-such-page' && !u.startsWith('/keys/inspect'))) {
      const response = await dashboard.app.inject({ url, headers: AUTHORIZED });
      expect(response.statusCode, url).toBe(200);
    }
    const home = await dashboard.app.inject({ url: '/', headers: AUTHORIZED });
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.body).toContain('signed in as operator');
    expect(home.headers['content-security-policy']).toContain("default-src 'none'");
    expect(home.headers['cache-control']).toBe('no-store');
    const missingKey = await dashboard.app.inject({
      url: '/keys/inspect?org=x&kind=agent&id=y',
      headers: AUTHORIZED,
    });
    expect(missingKey.statusCode).toBe(404);
  });

  it('leaves /healthz, /readyz and /metrics open for probes and Prometheus', async () => {
    dashboard = await startTestDashboard();
    expect((await dashboard.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await dashboard.app.inject({ url: '/readyz' })).json()).toMatchObject({ status: 'ok' });
    const metrics = await dashboard.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('wfm_sync_dashboard_actions_total');
  });

  it('compares credentials with crypto.timingSafeEqual on equal-length digests, for good and bad attempts alike', async () => {
    const calls: [number, number][] = [];
    const recording: ConstantTimeEqual = (a, b) => {
      calls.push([a.byteLength, b.byteLength]);
      return timingSafeEqual(a, b);
    };
    dashboard = await startTestDashboard({ constantTimeEqual: recording });
    await dashboard.app.inject({ url: '/', headers: { authorization: basicAuthHeader('x', 'y') } });
    await dashboard.app.inject({
      url: '/',
      headers: { authorization: basicAuthHeader('operator', 'p'.repeat(900)) },
    });
    await dashboard.app.inject({ url: '/', headers: AUTHORIZED });
    expect(calls).toEqual(Array.from({ length: 6 }, () => [32, 32]));
  });

  it('needs the same credentials for replay and purge, logs who did them, and refuses cross-site posts', async () => {
    dashboard = await startTestDashboard({ publicHosts: ['dashboard.local'] });
    const letter = {
      orgId: dashboard.ctx.topology.topology.orgs[0]!.id,
      kind: 'agent',
      id: 'agent-<b>1</b>',
      reason: 'not-found',
      lastError: { kind: 'not-found', message: 'User agent-<b>1</b> not found', status: 404 },
      attempts: 1,
      sourceQueue: '{ap-southeast-1/region}',
      rev: 1,
      failedAt: new Date().toISOString(),
    };
    await dashboard.ctx.deadLetters.add('ap-southeast-1', letter);
    const form = `region=ap-southeast-1&org=${letter.orgId}&kind=agent&id=${encodeURIComponent(letter.id)}`;
    const formHeaders = { ...AUTHORIZED, 'content-type': 'application/x-www-form-urlencoded' };

    const crossSite = await dashboard.app.inject({
      method: 'POST',
      url: '/dead-letters/purge',
      headers: { ...formHeaders, origin: 'https://evil.example', host: 'dashboard.local' },
      payload: form,
    });
    expect(crossSite.statusCode).toBe(403);
    const fetchMetadata = await dashboard.app.inject({
      method: 'POST',
      url: '/dead-letters/purge',
      headers: { ...formHeaders, 'sec-fetch-site': 'cross-site' },
      payload: form,
    });
    expect(fetchMetadata.statusCode).toBe(403);
    const sameOriginByHeader = await dashboard.app.inject({
      method: 'POST',
      url: '/api/dead-letters/purge',
      headers: { ...AUTHORIZED, origin: 'http://dashboard.local', host: 'dashboard.local' },
      payload: { scope: 'filter', reason: 'no-such-reason' },
    });
    expect(sameOriginByHeader.json()).toEqual({ purged: 0 });
    expect(await dashboard.ctx.deadLetters.list('ap-southeast-1')).toHaveLength(1);

    const page = await dashboard.app.inject({ url: '/dead-letters', headers: AUTHORIZED });
    expect(page.body).toContain('agent-&lt;b&gt;1&lt;/b&gt;');
    expect(page.body).not.toContain('<b>1</b>');

    // A browser's own form post: fetch metadata says same-origin (Origin may be "null" under some referrer policies).
    const purged = await dashboard.app.inject({
      method: 'POST',
      url: '/dead-letters/purge',
      headers: { ...formHeaders, 'sec-fetch-site': 'same-origin', origin: 'null' },
      payload: form,
    });
    expect(purged.statusCode).toBe(303);
    expect(purged.headers.location).toBe('/dead-letters?region=ap-southeast-1&done=purge&count=1');
    expect(await dashboard.ctx.deadLetters.list('ap-southeast-1')).toHaveLength(0);
    const purges = dashboard.logs.lines.filter((line) => line.msg === 'dashboard: purge of dead letters');
    expect(purges.at(-1)).toMatchObject({ actor: 'operator', action: 'purge', count: 1 });

    const api = await dashboard.app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: AUTHORIZED,
      payload: { scope: 'filter', reason: 'not-found' },
    });
    expect(api.json()).toEqual({ replayed: 0 });
  });

  it('in loopback-only mode serves without credentials and logs changes as the loopback actor', async () => {
    dashboard = await startTestDashboard({ auth: { mode: 'loopback-only' } });
    const home = await dashboard.app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`signed in as ${LOOPBACK_ACTOR}`);
    const replay = await dashboard.app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      payload: { scope: 'filter' },
    });
    expect(replay.json()).toEqual({ replayed: 0 });
    expect(
      dashboard.logs.lines.find((line) => line.msg === 'dashboard: replay of dead letters'),
    ).toMatchObject({
      actor: LOOPBACK_ACTOR,
    });
  });

  it('with DASHBOARD_QUEUE_WRITES, logs bull-board actions with their actor and keeps them behind authentication', async () => {
    dashboard = await startTestDashboard({ auth: BASIC_AUTH, queueWrites: true });
    const unauthenticated = await dashboard.app.inject({ method: 'PUT', url: '/queues/api/queues/pause' });
    expect(unauthenticated.statusCode).toBe(401);
    const queueName = encodeURIComponent('{ap-southeast-1/region}');
    const paused = await dashboard.app.inject({
      method: 'PUT',
      url: `/queues/api/queues/${queueName}/pause`,
      headers: AUTHORIZED,
    });
    expect(paused.statusCode).toBeLessThan(300);
    expect(await dashboard.ctx.queues.get('{ap-southeast-1/region}').isPaused()).toBe(true);
    await dashboard.ctx.queues.get('{ap-southeast-1/region}').resume();
    expect(dashboard.logs.lines.find((line) => line.msg === 'dashboard: queue board action')).toMatchObject({
      actor: 'operator',
      method: 'PUT',
    });
  });
});
