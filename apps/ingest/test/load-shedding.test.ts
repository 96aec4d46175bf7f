import { generateFixture } from '@wfm-sync/gc-sim';
import { type PrivateRedis, startPrivateRedis, waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import { agentOf, testTopology } from './support/topology.js';

describe('POST /v1/webhooks/wfm: load shedding', () => {
  let ingest: IngestUnderTest | undefined;
  let redis: PrivateRedis | undefined;
  afterEach(async () => {
    await ingest?.close();
    await redis?.stop();
    ingest = undefined;
    redis = undefined;
  });

  it('answers 503 with Retry-After while Redis is down, is not ready, and recovers when Redis is back', async () => {
    // AOF, so that what Redis held before the crash can be compared with what it holds after it.
    redis = await startPrivateRedis({ appendOnly: true });
    ingest = await startIngest({ redisUrl: redis.url });
    const agent = agentOf(ingest.topology, 0, 0);
    expect((await ingest.deliver(capacityEvent(agent, 2, 1))).statusCode).toBe(202);
    const before = await ingest.snapshot();

    await redis.kill();
    await waitFor(() => ingest!.connection.status !== 'ready', { what: 'ingest to notice Redis is gone' });

    const shed = await ingest.deliver(capacityEvent(agent, 3, 2));
    expect(shed.statusCode).toBe(503);
    expect(shed.json()).toEqual({ error: 'unavailable' });
    expect(Number(shed.headers['retry-after'])).toBeGreaterThan(0);
    const readiness = await ingest.app.inject({ method: 'GET', url: '/readyz' });
    expect(readiness.statusCode).toBe(503);
    expect(readiness.json()).toMatchObject({ status: 'unavailable', checks: { redis: expect.any(String) } });

    await redis.restart();
    await waitFor(
      async () => (await ingest!.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
      {
        what: 'ingest ready again',
      },
    );
    expect(await ingest.snapshot()).toEqual(before);
    const resumed = await ingest.deliver(capacityEvent(agent, 3, 2));
    expect(resumed.statusCode).toBe(202);
    expect(resumed.json()).toEqual({ accepted: 1, duplicates: 0, stale: 0 });
  });

  it('answers 503 with Retry-After for an org whose backlog is over its limit, and only for that org', async () => {
    ingest = await startIngest({ backlogLimit: 1 });
    const apac = [agentOf(ingest.topology, 0, 0), agentOf(ingest.topology, 0, 1)];
    const us = agentOf(ingest.topology, 1, 0);
    expect(apac[0]!.agent.routingGroupId).toBe(apac[1]!.agent.routingGroupId);
    // Two agents of one routing group: two waiting jobs in the region, one over the limit.
    expect((await ingest.deliver(bodyOf(apac.map((a) => capacityEvent(a, 2, 1))))).statusCode).toBe(202);
    await ingest.backlog.sample();
    expect(ingest.backlog.current().get(apac[0]!.orgId)).toBe(2);
    const before = await ingest.snapshot();

    const shed = await ingest.deliver(capacityEvent(apac[0]!, 4, 2));
    expect(shed.statusCode).toBe(503);
    expect(shed.json()).toEqual({ error: 'unavailable' });
    expect(Number(shed.headers['retry-after'])).toBeGreaterThan(0);
    // A batch that touches the shedding org is refused as a whole, even its events for other orgs.
    const mixed = await ingest.deliver(bodyOf([capacityEvent(us, 2, 1), capacityEvent(apac[1]!, 4, 2)]));
    expect(mixed.statusCode).toBe(503);
    expect(await ingest.snapshot()).toEqual(before);

    const otherRegion = await ingest.deliver(capacityEvent(us, 2, 1));
    expect(otherRegion.statusCode).toBe(202);
  });

  it("never refuses an org's webhooks for another org's backlog in the same region", async () => {
    const fixture = generateFixture({ seed: 11, orgs: 2, trunks: 4, agents: 8, regions: ['ap-southeast-1'] });
    ingest = await startIngest({ backlogLimit: 1, topology: testTopology(fixture) });
    const stormy = [agentOf(ingest.topology, 0, 0), agentOf(ingest.topology, 0, 1)];
    const quiet = agentOf(ingest.topology, 1, 0);
    expect(quiet.region).toBe(stormy[0]!.region);
    expect((await ingest.deliver(bodyOf(stormy.map((a) => capacityEvent(a, 2, 1))))).statusCode).toBe(202);
    await ingest.backlog.sample();
    expect(ingest.backlog.current().get(stormy[0]!.orgId)).toBe(2);
    expect((await ingest.deliver(capacityEvent(stormy[0]!, 4, 2))).statusCode).toBe(503);
    expect((await ingest.deliver(capacityEvent(quiet, 2, 1))).statusCode).toBe(202);
  });
});
