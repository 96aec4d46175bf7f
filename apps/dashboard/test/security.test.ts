import { afterEach, describe, expect, it } from 'vitest';
import { LoginBackoff, MAX_DELAY_MS, MAX_TRACKED } from '../src/auth/login-backoff.js';
import {
  BASIC_AUTH,
  basicAuthHeader,
  OPERATOR,
  smallFixture,
  startTestDashboard,
  type TestDashboard,
} from './support/dashboard.js';

const AUTHORIZED = { authorization: basicAuthHeader(OPERATOR.user, OPERATOR.password) };
const ORG = smallFixture().orgs[0]!.id;
const REGION_QUEUE = encodeURIComponent('{ap-southeast-1/region}');

describe('dashboard: Host allow-list (DNS rebinding)', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('refuses a rebinding Host in loopback-only mode, before anything is read or changed', async () => {
    dashboard = await startTestDashboard({ auth: { mode: 'loopback-only' }, port: 9500 });
    await dashboard.ctx.deadLetters.add('ap-southeast-1', {
      orgId: ORG,
      kind: 'agent',
      id: 'agent-1',
      reason: 'not-found',
      lastError: { kind: 'not-found', message: 'gone', status: 404 },
      attempts: 1,
      sourceQueue: '{ap-southeast-1/region}',
      rev: 1,
      failedAt: new Date().toISOString(),
    });
    const rebind = { host: 'rebind.example:9500', 'sec-fetch-site': 'same-origin' };
    expect((await dashboard.app.inject({ url: '/api/keys', headers: rebind })).statusCode).toBe(421);
    const purge = await dashboard.app.inject({
      method: 'POST',
      url: '/api/dead-letters/purge',
      headers: rebind,
      payload: { scope: 'filter' },
    });
    expect(purge.statusCode).toBe(421);
    const pause = await dashboard.app.inject({
      method: 'PUT',
      url: '/queues/api/queues/pause',
      headers: rebind,
    });
    expect(pause.statusCode).toBe(421);
    expect(await dashboard.ctx.deadLetters.list('ap-southeast-1')).toHaveLength(1);
    expect(await dashboard.ctx.queues.get('{ap-southeast-1/region}').isPaused()).toBe(false);

    for (const host of ['127.0.0.1:9500', 'localhost:9500', '[::1]:9500', 'LOCALHOST:9500']) {
      expect((await dashboard.app.inject({ url: '/', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['127.0.0.1:9501', 'localhost', 'evil.localhost:9500']) {
      expect((await dashboard.app.inject({ url: '/', headers: { host } })).statusCode, host).toBe(421);
    }
  });

  it('refuses an unknown Host with Basic auth too, before checking credentials', async () => {
    dashboard = await startTestDashboard({
      auth: BASIC_AUTH,
      port: 9500,
      publicHosts: ['dashboard.example.com'],
    });
    const refused = await dashboard.app.inject({
      url: '/api/status',
      headers: { ...AUTHORIZED, host: 'rebind.example:9500' },
    });
    expect(refused.statusCode).toBe(421);
    const allowed = await dashboard.app.inject({
      url: '/api/status',
      headers: { ...AUTHORIZED, host: 'dashboard.example.com' },
    });
    expect(allowed.statusCode).toBe(200);
    expect(dashboard.registry.getSingleMetric('wfm_sync_dashboard_auth_failures_total')).toBeDefined();
    expect(await metricValue(dashboard, 'wfm_sync_dashboard_auth_failures_total')).toBe(0);
  });

  it('serves /healthz, /readyz and /metrics to any Host', async () => {
    dashboard = await startTestDashboard({ port: 9500 });
    for (const url of ['/healthz', '/readyz', '/metrics']) {
      const response = await dashboard.app.inject({ url, headers: { host: 'dashboard:9500' } });
      expect(response.statusCode, url).toBe(200);
    }
  });
});

describe('dashboard: the queue board', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('sends the same security headers as the other pages and loads nothing from outside', async () => {
    dashboard = await startTestDashboard();
    for (const url of ['/queues', '/queues/api/queues']) {
      const response = await dashboard.app.inject({ url, headers: AUTHORIZED });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy'], url).toContain("default-src 'none'");
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
    const page = await dashboard.app.inject({ url: '/queues', headers: AUTHORIZED });
    expect(page.body).toContain('<script');
    expect(page.body).not.toMatch(/(href|src)="https?:\/\//);
    expect(page.body).not.toContain('fonts.googleapis.com');
  });

  it('refuses every write action unless DASHBOARD_QUEUE_WRITES, and neither logs nor counts the refusals', async () => {
    dashboard = await startTestDashboard();
    const queue = dashboard.ctx.queues.get('{ap-southeast-1/region}');
    await queue.add('probe', { probe: true });
    const writes: Array<[string, string]> = [
      ['PUT', `/queues/api/queues/${REGION_QUEUE}/pause`],
      ['PUT', '/queues/api/queues/pause'],
      ['POST', `/queues/api/queues/${REGION_QUEUE}/add`],
      ['PUT', `/queues/api/queues/${REGION_QUEUE}/empty`],
      ['PUT', `/queues/api/queues/${REGION_QUEUE}/obliterate`],
      ['PUT', `/queues/api/queues/${REGION_QUEUE}/clean/completed`],
      ['PATCH', `/queues/api/queues/${REGION_QUEUE}/1/update-data`],
      ['PUT', `/queues/api/queues/${REGION_QUEUE}/1/clean`],
    ];
    for (const [method, url] of writes) {
      const response = await dashboard.app.inject({
        method: method as 'PUT',
        url,
        headers: { ...AUTHORIZED, 'content-type': 'application/json' },
        payload: { name: 'x', data: {} },
      });
      expect(response.statusCode, `${method} ${url}`).toBe(403);
    }
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.count()).toBe(1);
    expect(dashboard.logs.lines.filter((line) => line.msg === 'dashboard: queue board action')).toEqual([]);
    expect(await metricValue(dashboard, 'wfm_sync_dashboard_actions_total')).toBe(0);
  });

  it('with writes on, does not count a refused (4xx) call as an action', async () => {
    dashboard = await startTestDashboard({ queueWrites: true });
    const missing = await dashboard.app.inject({
      method: 'PUT',
      url: `/queues/api/queues/${encodeURIComponent('{nowhere}')}/pause`,
      headers: AUTHORIZED,
    });
    expect(missing.statusCode).toBeGreaterThanOrEqual(400);
    const crossSite = await dashboard.app.inject({
      method: 'PUT',
      url: `/queues/api/queues/${REGION_QUEUE}/pause`,
      headers: { ...AUTHORIZED, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(dashboard.logs.lines.filter((line) => line.msg === 'dashboard: queue board action')).toEqual([]);
    expect(await metricValue(dashboard, 'wfm_sync_dashboard_actions_total')).toBe(0);
  });
});

describe('dashboard: failed logins', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('delays the attempts of an address and user after failures, boundedly, and never locks the operator out', async () => {
    let now = 0;
    const backoff = new LoginBackoff({ now: () => now });
    const waits: number[] = [];
    dashboard = await startTestDashboard({
      loginBackoff: backoff,
      loginWait: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    const attempt = (password: string, user: string = OPERATOR.user) =>
      dashboard!.app.inject({
        url: '/api/status',
        headers: { authorization: basicAuthHeader(user, password) },
      });
    for (let i = 0; i < 12; i++) expect((await attempt(`guess-${i}`)).statusCode).toBe(401);
    expect(waits[0]).toBe(250);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(Math.max(...waits)).toBe(MAX_DELAY_MS);
    // Another user name from the same address is not slowed by them.
    waits.length = 0;
    expect((await attempt('guess', 'someone-else')).statusCode).toBe(401);
    expect(waits).toEqual([]);
    // The right password still works, after the bounded delay, and clears the failures.
    waits.length = 0;
    expect((await attempt(OPERATOR.password)).statusCode).toBe(200);
    expect(waits).toEqual([MAX_DELAY_MS]);
    waits.length = 0;
    expect((await attempt(OPERATOR.password)).statusCode).toBe(200);
    expect(waits).toEqual([]);
  });

  it('remembers a bounded number of address and user pairs, and forgets old failures', () => {
    let now = 0;
    const backoff = new LoginBackoff({ now: () => now });
    for (let i = 0; i < MAX_TRACKED + 500; i++) backoff.failed('10.0.0.1', `user-${i}`);
    expect(backoff.size).toBe(MAX_TRACKED);
    expect(backoff.delayMs('10.0.0.1', 'user-0')).toBe(0);
    expect(backoff.delayMs('10.0.0.1', `user-${MAX_TRACKED + 499}`)).toBe(250);
    now += 16 * 60_000;
    expect(backoff.delayMs('10.0.0.1', `user-${MAX_TRACKED + 499}`)).toBe(0);
  });
});

describe('dashboard: unknown orgs', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('answers 404 to an org not in the topology, on pages, JSON and actions', async () => {
    dashboard = await startTestDashboard();
    for (const url of [
      '/keys?org=acme-mars&q=x',
      '/keys/inspect?org=acme-mars&kind=agent&id=1',
      '/pacing?org=acme-mars',
      '/dead-letters?org=acme-mars',
      '/api/keys?org=acme-mars',
      '/api/keys/inspect?org=acme-mars&kind=agent&id=1',
      '/api/pacing?org=acme-mars',
    ]) {
      const response = await dashboard.app.inject({ url, headers: AUTHORIZED });
      expect(response.statusCode, url).toBe(404);
    }
    const replay = await dashboard.app.inject({
      method: 'POST',
      url: '/api/dead-letters/replay',
      headers: AUTHORIZED,
      payload: { scope: 'filter', org: 'acme-mars' },
    });
    expect(replay.statusCode).toBe(404);
    expect(
      (await dashboard.app.inject({ url: `/api/keys?org=${ORG}`, headers: AUTHORIZED })).statusCode,
    ).toBe(200);
  });
});

async function metricValue(dashboard: TestDashboard, name: string): Promise<number> {
  const metric = dashboard.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values.reduce((sum, value) => sum + value.value, 0);
}

describe('dashboard: pausing and resuming an org', () => {
  let dashboard: TestDashboard | undefined;
  afterEach(async () => {
    await dashboard?.close();
    dashboard = undefined;
  });

  it('pauses and resumes from the Budgets page, refusing cross-site posts, unknown Hosts and unknown orgs', async () => {
    dashboard = await startTestDashboard({ auth: BASIC_AUTH, port: 9500 });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const local = { ...AUTHORIZED, host: '127.0.0.1:9500' };
    const crossSite = await dashboard.app.inject({
      method: 'POST',
      url: '/budgets/pause',
      headers: { ...local, ...form, 'sec-fetch-site': 'cross-site' },
      payload: `org=${ORG}`,
    });
    expect(crossSite.statusCode).toBe(403);
    const rebind = await dashboard.app.inject({
      method: 'POST',
      url: '/budgets/pause',
      headers: { ...AUTHORIZED, ...form, host: 'rebind.example:9500' },
      payload: `org=${ORG}`,
    });
    expect(rebind.statusCode).toBe(421);
    const unknown = await dashboard.app.inject({
      method: 'POST',
      url: '/api/orgs/pause',
      headers: local,
      payload: { org: 'acme-mars' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(await dashboard.ctx.holds.active(ORG)).toEqual([]);

    const paused = await dashboard.app.inject({
      method: 'POST',
      url: '/budgets/pause',
      headers: { ...local, ...form, 'sec-fetch-site': 'same-origin' },
      payload: `org=${ORG}`,
    });
    expect(paused.statusCode).toBe(303);
    expect((await dashboard.ctx.holds.active(ORG)).map((hold) => hold.reason)).toEqual(['paused']);
    const page = await dashboard.app.inject({ url: paused.headers.location as string, headers: local });
    expect(page.body).toContain(`Paused ${ORG}.`);
    expect(page.body).toContain('data-action="resume"');
    const budgets = await dashboard.app.inject({ url: '/api/budgets', headers: local });
    expect(budgets.json().orgs[0].holds[0]).toMatchObject({
      reason: 'paused',
      detail: `paused by ${OPERATOR.user}`,
    });

    const resumed = await dashboard.app.inject({
      method: 'POST',
      url: '/api/orgs/resume',
      headers: local,
      payload: { org: ORG },
    });
    expect(resumed.json()).toMatchObject({ orgId: ORG, action: 'resume', changed: true, holds: [] });
    expect(await metricValue(dashboard, 'wfm_sync_dashboard_actions_total')).toBe(2);
  });
});
