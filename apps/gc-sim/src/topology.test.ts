import { describe, expect, it } from 'vitest';
import { generateFixture } from './fixture/generate.js';
import { topologyFromFixture } from './topology.js';

describe('topologyFromFixture', () => {
  const fixture = generateFixture({ orgs: 2, trunksPerOrg: 2, agentsPerOrg: 2 });

  it('points every org at the simulator and refers to secrets through env: names', () => {
    const { topology, env } = topologyFromFixture(fixture, { baseUrl: 'http://127.0.0.1:9300/' });
    expect(topology.orgs[0]).toEqual({
      id: 'acme-apac',
      region: 'ap-southeast-1',
      clientId: fixture.orgs[0]?.clientId,
      clientSecret: 'env:ACME_APAC_CLIENT_SECRET',
      apiBaseUrl: 'http://127.0.0.1:9300',
      loginBaseUrl: 'http://127.0.0.1:9300',
      mode: 'live',
    });
    expect(env).toEqual({
      ACME_APAC_CLIENT_SECRET: fixture.orgs[0]?.clientSecret,
      ACME_US_CLIENT_SECRET: fixture.orgs[1]?.clientSecret,
    });
    expect(JSON.stringify(topology)).not.toContain(fixture.orgs[0]?.clientSecret as string);
  });

  it('lists trunks and routing groups with their org', () => {
    const { topology } = topologyFromFixture(fixture, {
      baseUrl: 'http://sim',
      secretEnvPrefix: 'demo',
      requestsPerMinute: 600,
      mode: 'dry-run',
    });
    expect(topology.orgs.every((org) => org.mode === 'dry-run')).toBe(true);
    expect(topology.orgs[1]?.clientSecret).toBe('env:DEMO_ACME_US_CLIENT_SECRET');
    expect(topology.orgs[1]?.requestsPerMinute).toBe(600);
    expect(topology.trunks).toHaveLength(4);
    expect(topology.trunks[3]).toMatchObject({ orgId: 'acme-us', maxConcurrentCalls: expect.any(Number) });
    expect(topology.routingGroups[0]).toMatchObject({
      orgId: 'acme-apac',
      trunkIds: expect.any(Array),
      minLines: 1,
    });
  });

  it('sets allowPlainHttp only for a simulator reached by plain http beyond loopback (a compose network)', () => {
    const remote = topologyFromFixture(fixture, { baseUrl: 'http://gc-sim:9300' }).topology.orgs;
    expect(remote.every((org) => org.allowPlainHttp === true)).toBe(true);
    const local = topologyFromFixture(fixture, { baseUrl: 'http://127.0.0.1:9300' }).topology.orgs;
    expect(local.some((org) => 'allowPlainHttp' in org)).toBe(false);
  });
});
