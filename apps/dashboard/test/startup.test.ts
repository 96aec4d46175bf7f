import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { topologyFromFixture } from '@wfm-sync/gc-sim';
import { createTestRedis, freePort, runToExit, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthHeader, OPERATOR, smallFixture } from './support/dashboard.js';
import { type DashboardProcess, spawnDashboard } from './support/process.js';

/** The built entry point, as `npm start -w apps/dashboard` runs it. */
const DASHBOARD_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// Concurrent: each case starts its own process, and most of the time goes to starting Node and compiling.
describe.concurrent('the dashboard process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wfm-dashboard-'));
  const topologyFile = join(dir, 'topology.json');
  let redis: TestRedis;
  const running: DashboardProcess[] = [];

  beforeAll(async () => {
    redis = await createTestRedis('dashboard-process');
    // The client secrets' variables are deliberately not set: the dashboard never needs them.
    writeFileSync(
      topologyFile,
      JSON.stringify(topologyFromFixture(smallFixture(), { baseUrl: 'http://127.0.0.1:9' }).topology),
    );
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await redis.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ({
    REDIS_URL: redis.url,
    WFM_KEY_PREFIX: redis.prefix,
    TOPOLOGY_FILE: topologyFile,
    LOG_LEVEL: 'info',
  });

  it('refuses to start without credentials: exit 78 and a message saying what to set', async () => {
    const dashboard = spawnDashboard(base());
    running.push(dashboard);
    expect(await dashboard.exited).toBe(78);
    expect(dashboard.output()).toContain('DASHBOARD_USER and DASHBOARD_PASSWORD are required');
    expect(dashboard.output()).toContain('DASHBOARD_LOOPBACK_ONLY=1');
    expect(dashboard.output()).not.toContain('dashboard listening');
  });

  it('in loopback-only mode listens on 127.0.0.1 without authentication, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dashboard = spawnDashboard({ ...base(), DASHBOARD_LOOPBACK_ONLY: '1', PORT: String(port) });
    running.push(dashboard);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, {
      timeoutMs: 15_000,
      what: 'the loopback dashboard to be ready',
    });
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('signed in as loopback (unauthenticated)');
    // Logged right after listen(): /readyz can answer before the line has reached this process.
    await waitFor(() => dashboard.output().includes('without authentication'), {
      what: 'the listening log line',
    });
    expect(await dashboard.stop()).toBe(0);
  });

  it('with credentials requires them on every page', async () => {
    const port = await freePort();
    const dashboard = spawnDashboard({
      ...base(),
      DASHBOARD_USER: OPERATOR.user,
      DASHBOARD_PASSWORD: OPERATOR.password,
      HOST: '127.0.0.1',
      PORT: String(port),
    });
    running.push(dashboard);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200, {
      timeoutMs: 15_000,
      what: 'the dashboard to listen',
    });
    expect((await fetch(`${url}/dead-letters`)).status).toBe(401);
    const authorized = await fetch(`${url}/dead-letters`, {
      headers: { authorization: basicAuthHeader(OPERATOR.user, OPERATOR.password) },
    });
    expect(authorized.status).toBe(200);
    expect(dashboard.output()).not.toContain(OPERATOR.password);
    expect(await dashboard.stop()).toBe(0);
  });
});

describe('the dashboard process with a bad variable', () => {
  it.each([
    ['PORT', 'x'],
    ['DASHBOARD_ALLOWED_HOSTS', 'https://dashboard.example.com'],
    ['DASHBOARD_QUEUE_WRITES', 'on'],
    ['DASHBOARD_PASSWORD', 'short'],
  ])('exits 78 naming %s=%s, before touching Redis or the topology', async (name, value) => {
    // Nothing listens at REDIS_URL and there is no topology file: the settings are refused first.
    const { code, stderr } = await runToExit(DASHBOARD_MAIN, {
      DASHBOARD_USER: 'operator',
      DASHBOARD_PASSWORD: 'correct-horse-battery',
      REDIS_URL: 'redis://127.0.0.1:1',
      TOPOLOGY_FILE: '/nonexistent/topology.json',
      [name]: value,
    });
    expect(code).toBe(78);
    expect(stderr).toContain(`Invalid configuration in environment:\n  - ${name}: `);
    expect(stderr).not.toContain('correct-horse-battery');
  });
});
