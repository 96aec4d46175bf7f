import { fileURLToPath } from 'node:url';
import { runToExit } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';

/** The built entry point, as `npm start -w apps/dashboard` runs it. */
const DASHBOARD_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('dashboard startup', () => {
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

  it('exits 78 without credentials, saying how to run without them', async () => {
    const { code, stderr } = await runToExit(DASHBOARD_MAIN, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(code).toBe(78);
    expect(stderr).toMatch(/DASHBOARD_USER: .*DASHBOARD_LOOPBACK_ONLY=1/);
  });
});
