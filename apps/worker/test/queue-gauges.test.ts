import { parseTopology, TopologyIndex } from '@wfm-sync/config';
import { generateFixture, topologyFromFixture } from '@wfm-sync/gc-sim';
import { genesysKeys } from '@wfm-sync/genesys-client';
import { createLogger, createMetricsRegistry } from '@wfm-sync/observability';
import { createPipelineContext, type PipelineContext } from '@wfm-sync/pipeline';
import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import type { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerGauges, sampleQueueGauges } from '../src/queue-gauges.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

async function gaugeValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const sample = metric?.values.find((v) =>
    Object.entries(labels).every(([k, want]) => v.labels[k] === want),
  );
  if (!sample) throw new Error(`${name}${JSON.stringify(labels)} not exposed`);
  return sample.value;
}

describe('worker gauges sampled from Redis', () => {
  let redis: TestRedis | undefined;
  let ctx: PipelineContext | undefined;

  afterEach(async () => {
    await ctx?.queues.close();
    await redis?.cleanup();
  });

  it('report pending keys, the oldest pending change, parked agents, dead letters and the 429 block', async () => {
    redis = await createTestRedis('gauges');
    const fixture = generateFixture({ seed: 4, orgs: 1, trunks: 2, agents: 4, regions: ['ap-southeast-1'] });
    const org = fixture.orgs[0]!;
    const { topology, env } = topologyFromFixture(fixture, { baseUrl: 'http://127.0.0.1:1' });
    const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
    ctx = createPipelineContext({
      redis: redis.connect(),
      topology: new TopologyIndex(parseTopology(topology, { source: 'test', env }).topology),
      registry,
      logger: createLogger({ service: 'worker', level: 'silent' }),
      prefix: redis.prefix,
      clientFor: () => {
        throw new Error('sampling gauges never calls Genesys');
      },
      now: () => NOW,
    });
    const keys = ctx.names.org(org.id);
    const [trunkA, trunkB] = org.trunks;
    // Three keys not applied: one recorded 2 minutes ago, one 10 minutes ago but parked (waits on purpose),
    // one dry-run plan; and one trunk with two agents parked on it.
    await redis.client
      .multi()
      .zadd(keys.due, NOW + 1_000, 'agent:a1', NOW + 2_000, 'agent:a2', NOW + 3_000, 'campaign:c1')
      .hset(keys.state('agent', 'a1'), 'updatedAt', NOW - 120_000, 'status', 'pending')
      .hset(keys.state('agent', 'a2'), 'updatedAt', NOW - 600_000, 'status', 'parked')
      .hset(keys.state('campaign', 'c1'), 'updatedAt', NOW - 900_000, 'status', 'planned')
      .hset(keys.parked(trunkA!.id), 'a2', 'queue', 'a3', 'queue')
      .set(genesysKeys(redis.prefix, org.id).blockedUntil, String(NOW + 7_500))
      .exec();
    await ctx.deadLetters.add('ap-southeast-1', {
      orgId: org.id,
      kind: 'agent',
      id: 'a4',
      reason: 'invalid',
      lastError: { kind: 'invalid', message: 'rejected by Genesys' },
      attempts: 1,
      sourceQueue: '{ap-southeast-1/region}',
      rev: 1,
      failedAt: new Date(NOW).toISOString(),
    });

    const gauges = createWorkerGauges(registry);
    await sampleQueueGauges(ctx, gauges, 'ap-southeast-1');

    const byOrg = { org: org.id };
    expect(await gaugeValue(registry, 'wfm_sync_pending_keys', byOrg)).toBe(3);
    expect(await gaugeValue(registry, 'wfm_sync_oldest_pending_age_seconds', byOrg)).toBe(120);
    expect(await gaugeValue(registry, 'wfm_sync_parked_agents', { ...byOrg, trunk: trunkA!.id })).toBe(2);
    expect(await gaugeValue(registry, 'wfm_sync_parked_agents', { ...byOrg, trunk: trunkB!.id })).toBe(0);
    expect(await gaugeValue(registry, 'wfm_sync_genesys_blocked_seconds', byOrg)).toBe(7.5);
    expect(await gaugeValue(registry, 'wfm_sync_dead_letters', { region: 'ap-southeast-1' })).toBe(1);
    expect(
      await gaugeValue(registry, 'wfm_sync_queue_jobs', {
        queue: '{ap-southeast-1/region}',
        state: 'waiting',
      }),
    ).toBe(0);

    // Once applied and unparked, the gauges fall back to zero instead of keeping their last value.
    await redis.client.multi().del(keys.due).del(keys.parked(trunkA!.id)).exec();
    await sampleQueueGauges(ctx, gauges, 'ap-southeast-1');
    expect(await gaugeValue(registry, 'wfm_sync_pending_keys', byOrg)).toBe(0);
    expect(await gaugeValue(registry, 'wfm_sync_oldest_pending_age_seconds', byOrg)).toBe(0);
    expect(await gaugeValue(registry, 'wfm_sync_parked_agents', { ...byOrg, trunk: trunkA!.id })).toBe(0);
  });
});
