import { describe, expect, it } from 'vitest';
import { badVariables, COMMON_DEFAULTS, issueOf } from '../../test/env-issues.js';
import { loadWorkerSettings } from './worker.js';

describe('worker environment', () => {
  const base = { REGION: 'all' };

  it('requires REGION, a region or all, and defaults PORT to 9464', () => {
    expect(loadWorkerSettings({ REGION: 'ap-southeast-1' })).toMatchObject({
      REGION: 'ap-southeast-1',
      PORT: 9464,
    });
    expect(loadWorkerSettings({ REGION: 'all' }).REGION).toBe('all');
    expect(issueOf(() => loadWorkerSettings({}), 'REGION')).toMatch(/required/);
    expect(issueOf(() => loadWorkerSettings({ REGION: 'mars-1' }), 'REGION')).toMatch(/us-east-1/);
  });

  it('applies the documented defaults (README, "Configuration")', () => {
    expect(loadWorkerSettings(base)).toEqual({
      ...COMMON_DEFAULTS,
      PORT: 9464,
      HOST: '0.0.0.0',
      REGION: 'all',
      WFM_KEY_PREFIX: 'wfm',
      WORKER_CONCURRENCY: 8,
      WORKER_LOCK_DURATION_MS: 30_000,
      WORKER_STALLED_INTERVAL_MS: 15_000,
      TRUNK_POLL_EVERY_MS: 2_000,
      TRUNK_SAFETY_POLL_MS: 300_000,
      SWEEP_EVERY_MS: 2_000,
      LEASE_TTL_MS: 30_000,
      TRUNK_HEALTH_MAX_AGE_MS: 4_000,
      DRIFT_CHECK_MS: 300_000,
      DRY_RUN_RECHECK_MS: 60_000,
      GENESYS_TIMEOUT_MS: 10_000,
      WFM_TEST_CRASH_AFTER_CREATE: false,
    });
  });

  it('takes tuning, HOST and the test hook from the environment', () => {
    expect(
      loadWorkerSettings({
        ...base,
        HOST: '::',
        WORKER_CONCURRENCY: '32',
        LEASE_TTL_MS: '5000',
        WFM_TEST_CRASH_AFTER_CREATE: '1',
      }),
    ).toMatchObject({
      HOST: '::',
      WORKER_CONCURRENCY: 32,
      LEASE_TTL_MS: 5_000,
      WFM_TEST_CRASH_AFTER_CREATE: true,
    });
  });

  it('treats an empty tuning variable as unset', () => {
    expect(loadWorkerSettings({ ...base, WORKER_CONCURRENCY: '', HOST: '' })).toMatchObject({
      WORKER_CONCURRENCY: 8,
      HOST: '0.0.0.0',
    });
  });

  it.each([
    ['WORKER_CONCURRENCY', 'abc'],
    ['WORKER_CONCURRENCY', '0'],
    ['WORKER_CONCURRENCY', '257'],
    ['LEASE_TTL_MS', '49'],
    ['GENESYS_TIMEOUT_MS', '1.5'],
    ['WFM_KEY_PREFIX', 'wfm:prod'],
    ['WFM_TEST_CRASH_AFTER_CREATE', 'true'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(issueOf(() => loadWorkerSettings({ ...base, [name]: value }), name)).not.toBe('');
  });

  it('says what WORKER_CONCURRENCY must be', () => {
    expect(
      issueOf(() => loadWorkerSettings({ ...base, WORKER_CONCURRENCY: 'abc' }), 'WORKER_CONCURRENCY'),
    ).toBe('must be a whole number from 1 to 256');
  });

  it('names every bad variable at once', () => {
    expect(
      badVariables(() =>
        loadWorkerSettings({ PORT: 'x', LOG_LEVEL: 'loud', REDIS_CLUSTER: '2', WORKER_CONCURRENCY: 'abc' }),
      ),
    ).toEqual(['LOG_LEVEL', 'PORT', 'REDIS_CLUSTER', 'REGION', 'WORKER_CONCURRENCY']);
  });
});
