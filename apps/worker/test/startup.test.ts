import { fileURLToPath } from 'node:url';
import { runToExit } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';

/** The built entry point, as `npm start -w apps/worker` runs it. */
const WORKER_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('worker startup', () => {
  it.each([
    ['WORKER_CONCURRENCY', 'abc'],
    ['LEASE_TTL_MS', '10'],
    ['PORT', 'x'],
    ['REGION', 'mars-1'],
  ])('exits 78 naming %s=%s, before touching Redis or the topology', async (name, value) => {
    // Nothing listens at REDIS_URL and there is no topology file: the settings are refused first.
    const { code, stderr } = await runToExit(WORKER_MAIN, {
      REGION: 'all',
      REDIS_URL: 'redis://127.0.0.1:1',
      TOPOLOGY_FILE: '/nonexistent/topology.json',
      [name]: value,
    });
    expect(code).toBe(78);
    expect(stderr).toContain(`Invalid configuration in environment:\n  - ${name}: `);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
