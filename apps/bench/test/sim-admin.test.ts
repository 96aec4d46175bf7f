import { generateFixture, type RunningSim, startSim, topologyFromFixture } from '@wfm-sync/gc-sim';
import { createGenesysClient } from '@wfm-sync/genesys-client';
import { createLogger } from '@wfm-sync/observability';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignAdministrator } from '../src/sim/administrator.js';
import { RequestLogCollector } from '../src/sim/request-log-collector.js';
import { SimAdminClient } from '../src/sim/sim-admin-client.js';

const logger = createLogger({ service: 'bench-test', level: 'silent' });

describe('the simulator as the bench reads and drives it over HTTP', () => {
  const fixture = generateFixture({ seed: 5, orgs: 1, trunks: 3, agents: 4, regions: ['ap-southeast-1'] });
  const org = fixture.orgs[0]!;
  let sim: RunningSim;
  let redis: TestRedis;
  let admin: SimAdminClient;

  beforeAll(async () => {
    sim = await startSim({ fixture, seed: 5 });
    redis = await createTestRedis('bench-sim-admin');
    admin = new SimAdminClient(sim.url);
  });
  afterAll(async () => {
    await sim?.close();
    await redis?.cleanup();
  });

  it('reads state, the request log and the violations, and changes faults', async () => {
    const agent = org.agents[0]!;
    expect((await admin.utilization(org.id, agent.id))?.utilization.call?.maximumCapacity).toBe(1);
    expect(await admin.utilization(org.id, 'nobody')).toBeUndefined();
    const campaign = org.campaigns[0]!;
    expect((await admin.campaign(org.id, campaign.id))?.outboundLineCount).toBe(campaign.outboundLineCount);
    expect((await admin.violations()).concurrentWrites).toBe(0);
    await admin.patchFaults({ concurrentModification: { rate: 0.5, untilMs: Date.now() + 1_000 } });
    expect(sim.sim.admin.faults().concurrentModification.rate).toBe(0.5);
    await admin.patchFaults({ concurrentModification: { rate: 0 } });
  });

  it('follows the request log and has the administrator edit a campaign after a successful write', async () => {
    const { topology, env } = topologyFromFixture(fixture, { baseUrl: sim.url });
    const topoOrg = topology.orgs[0]!;
    const client = createGenesysClient({
      org: {
        id: topoOrg.id,
        apiBaseUrl: topoOrg.apiBaseUrl,
        loginBaseUrl: topoOrg.loginBaseUrl,
        clientId: topoOrg.clientId,
        clientSecret: Object.values(env)[0]!,
        requestsPerMinute: 300,
        mode: 'live',
      },
      redis: redis.client,
      keyPrefix: redis.prefix,
    });
    const collector = new RequestLogCollector(admin, logger, 20);
    const administrator = new CampaignAdministrator(admin, fixture, 1, 5, logger);
    collector.onEntry((entry) => administrator.observe(entry));
    collector.start();
    try {
      const campaign = await client.getCampaign(org.campaigns[0]!.id);
      const written = await client.putCampaign({ ...campaign, outboundLineCount: 7 });
      await waitFor(() => administrator.edits === 1, { timeoutMs: 5_000, what: 'the administrator edit' });
      await administrator.settled();
      const after = await admin.campaign(org.id, campaign.id);
      expect(after?.version).toBe(written.version + 1);
      expect(after?.outboundLineCount).toBe(7);
    } finally {
      client.close();
      const entries = await collector.stop();
      expect(entries.map((e) => e.method)).toEqual(expect.arrayContaining(['GET', 'PUT']));
    }
  });
});
