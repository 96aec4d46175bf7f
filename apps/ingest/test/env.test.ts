import { describe, expect, it } from 'vitest';
import { loadIngestSettings } from '../src/env.js';

const BASE = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  TOPOLOGY_FILE: './topology.json',
  WEBHOOK_SECRETS: `whsec_${Buffer.from('env-test-secret-0123456789').toString('base64')}`,
};

describe('ingest environment: stalled-Redis settings (docs/decisions/018)', () => {
  it('defaults to 2 s of Redis time per webhook and 64 webhooks in flight', () => {
    const settings = loadIngestSettings(BASE);
    expect(settings.INGEST_REDIS_TIMEOUT_MS).toBe(2_000);
    expect(settings.INGEST_MAX_IN_FLIGHT).toBe(64);
  });

  it('takes both from the environment', () => {
    const settings = loadIngestSettings({
      ...BASE,
      INGEST_REDIS_TIMEOUT_MS: '750',
      INGEST_MAX_IN_FLIGHT: '8',
    });
    expect(settings.INGEST_REDIS_TIMEOUT_MS).toBe(750);
    expect(settings.INGEST_MAX_IN_FLIGHT).toBe(8);
  });

  it.each([
    ['INGEST_REDIS_TIMEOUT_MS', '0'],
    ['INGEST_REDIS_TIMEOUT_MS', 'soon'],
    ['INGEST_MAX_IN_FLIGHT', '0'],
    ['INGEST_MAX_IN_FLIGHT', '1.5'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadIngestSettings({ ...BASE, [name]: value })).toThrow(name);
  });
});
