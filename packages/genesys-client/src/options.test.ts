import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createGenesysClient } from './client.js';
import type { GenesysOrgConfig } from './options.js';

const org: GenesysOrgConfig = {
  id: 'acme-apac',
  apiBaseUrl: 'https://api.apse1.pure.cloud',
  loginBaseUrl: 'https://login.apse1.pure.cloud',
  clientId: 'client',
  clientSecret: 'super-secret-value',
  requestsPerMinute: 300,
  mode: 'live',
};

// Never connects: construction only validates and wires.
const redis = new Redis({ lazyConnect: true });

describe('createGenesysClient options', () => {
  it('accepts a valid org', () => {
    const client = createGenesysClient({ org, redis });
    expect(client.org).toEqual({ id: 'acme-apac', mode: 'live', requestsPerMinute: 300 });
    client.close();
  });

  it.each([
    ['an org id that would break the cluster hash tag', { id: 'acme}{x' }, /org\.id|id:/],
    ['a non-http base URL', { apiBaseUrl: 'file:///etc/passwd' }, /apiBaseUrl/],
    ['a zero budget', { requestsPerMinute: 0 }, /requestsPerMinute/],
    ['an unknown mode', { mode: 'shadow' }, /mode/],
    ['an empty secret', { clientSecret: '' }, /clientSecret/],
  ])('refuses %s, naming the field', (_name, override, field) => {
    const bad = { ...org, ...override } as GenesysOrgConfig;
    expect(() => createGenesysClient({ org: bad, redis })).toThrow(field);
  });

  it('never echoes the secret in a validation error', () => {
    const bad = { ...org, apiBaseUrl: 'nope' };
    expect(() => createGenesysClient({ org: bad, redis })).toThrow(/apiBaseUrl/);
    try {
      createGenesysClient({ org: bad, redis });
    } catch (error) {
      expect(String(error)).not.toContain('super-secret-value');
    }
  });

  it('refuses a negative timeout', () => {
    expect(() => createGenesysClient({ org, redis, requestTimeoutMs: -1 })).toThrow(/requestTimeoutMs/);
  });
});
