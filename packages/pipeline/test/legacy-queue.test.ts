import { timeOffMarker } from '@wfm-sync/domain';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { orgQueueName, regionQueueName } from '../src/index.js';
import { timeOffData, timeOffEvent } from './events.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Decision 025's migration: keys queued on the region queue shared by every org of a region, before the org queues
 * existed, still end applied after the upgrade.
 */
describe('upgrade from the shared region queue (decision 025)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** A time-off key stored as ingest did before decision 025: recorded with `{R/region}`, and no job elsewhere. */
  async function storedBeforeUpgrade(harness: Harness, externalId: string) {
    const org = harness.topology.topology.orgs[0]!;
    const agent = harness.sim.sim.fixture.orgs[0]!.agents[0]!;
    const key = { orgId: org.id, kind: 'timeoff' as const, id: externalId };
    await harness.recorder.record([timeOffEvent(org.id, timeOffData(agent, externalId), 1)]);
    // What today's ingest enqueued goes away, as if an older ingest had stored the key.
    await harness.ctx.queues.get(orgQueueName(org.region, org.id)).obliterate({ force: true });
    await harness.redis.client.hset(harness.ctx.names.stateKey(key), 'queue', regionQueueName(org.region));
    const applied = () =>
      harness.sim.sim.admin.timeOffRequests(org.id).some((r) => r.notes.includes(timeOffMarker(externalId)));
    return { org, key, applied };
  }

  it('processes a job left in the old {region/region} queue', async () => {
    h = await startHarness({ label: 'legacy-queue' });
    const { org, key, applied } = await storedBeforeUpgrade(h, 'zd-legacy-job');
    await h.ctx.queues.enqueue([{ key, queue: regionQueueName(org.region) }]);
    await h.startWorker();
    await waitFor(applied, { what: 'the time-off request of the legacy job created' });
    const legacy = h.ctx.queues.get(regionQueueName(org.region));
    await waitFor(async () => (await legacy.getJobCounts('completed')).completed === 1, {
      what: 'the legacy job completed',
    });
  });

  it('sweeps a due key recorded with the old queue onto its org queue', async () => {
    h = await startHarness({ label: 'legacy-sweep' });
    const { org, key, applied } = await storedBeforeUpgrade(h, 'zd-legacy-due');
    // No job anywhere (lost with the old queue, say): the due set brings the key back.
    await h.redis.client.zadd(h.ctx.names.org(org.id).due, Date.now(), `${key.kind}:${key.id}`);
    await h.startWorker();
    await waitFor(applied, { what: 'the swept time-off request created' });
    const orgQueue = h.ctx.queues.get(orgQueueName(org.region, org.id));
    await waitFor(async () => ((await orgQueue.getJobCounts('completed')).completed ?? 0) > 0, {
      what: 'the swept job completed on the org queue',
    });
    const legacy = await h.ctx.queues.get(regionQueueName(org.region)).getJobCounts('completed', 'waiting');
    expect(legacy).toEqual({ completed: 0, waiting: 0 });
  });
});
