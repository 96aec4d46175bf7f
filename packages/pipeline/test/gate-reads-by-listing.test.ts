import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import {
  OrgKeys,
  orgQueueName,
  TrunkMonitor,
  TrunkPollCadence,
  TrunkPoller,
  trunkListingKey,
} from '../src/index.js';
import { type Harness, startHarness } from './harness.js';

const trunkRequests = (h: Harness) =>
  h.sim.sim.admin
    .requestLog()
    .filter((r) => r.method === 'GET' && r.route.startsWith('/api/v2/telephony/providers/edges/trunks'))
    .map((r) => r.route);

describe('the gate reads by listing (decision 024)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('agents of different trunks gating at once share one listing, which refreshes every trunk of the org', async () => {
    h = await startHarness({ trunks: 3, label: 'gate-listing' });
    const org = h.sim.sim.fixture.orgs[0]!;
    const monitor = new TrunkMonitor(h.ctx);
    const records = await Promise.all(org.trunks.map((t) => monitor.read(org.id, t.id)));
    expect(records.map((r) => r.health)).toEqual(org.trunks.map(() => 'healthy'));
    expect(trunkRequests(h)).toEqual(['/api/v2/telephony/providers/edges/trunks']);
    // Every trunk is fresh now: a gate on any of them reads nothing.
    for (const trunk of org.trunks) await monitor.current(org.id, trunk.id);
    expect(trunkRequests(h)).toHaveLength(1);
    // A trunk outside the topology is read alone (and counts as offline when Genesys does not know it).
    expect((await monitor.read(org.id, 'trunk-not-configured')).health).toBe('offline');
    expect(trunkRequests(h)).toEqual([
      '/api/v2/telephony/providers/edges/trunks',
      '/api/v2/telephony/providers/edges/trunks/:trunkId',
    ]);
  });

  it('a guard listing due before the next tick is scheduled as one delayed forced poll, whichever worker decides', async () => {
    h = await startHarness({ trunks: 2, label: 'guard-listing' });
    const org = h.sim.sim.fixture.orgs[0]!;
    const keys = new OrgKeys(h.ctx.names.prefix, org.id);
    let now = Date.now();
    const cadence = new TrunkPollCadence({
      redis: h.ctx.redis,
      keysOf: () => keys,
      pollEveryMs: 2_000,
      safetyPollMs: 300_000,
      gateMaxAgeMs: 4_000,
      isListening: () => true,
      now: () => now,
    });
    const monitor = new TrunkMonitor(h.ctx);
    monitor.listenWith(
      () => true,
      (orgId, times) => cadence.listed(orgId, times),
    );
    const poller = new TrunkPoller(h.ctx, monitor, cadence);
    // The first tick lists (never listed) and records the listing's times.
    expect(await poller.poll(org.id)).toBe(2);
    expect(await h.ctx.redis.hget(trunkListingKey(keys), 'roundTripMs')).not.toBeNull();
    // Agent work pending; two ticks (two workers) 2 s later: the next tick would be too late, so one delayed job.
    await h.ctx.redis.zadd(keys.due, now, 'agent:u-1');
    now += 2_000;
    expect(await poller.poll(org.id)).toBe(0);
    expect(await new TrunkPoller(h.ctx, monitor, cadence).poll(org.id)).toBe(0);
    const queue = h.ctx.queues.get(orgQueueName(org.region, org.id));
    const delayed = (await queue.getDelayed()).filter((job) => job.id?.startsWith('guard:'));
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.data).toEqual({ orgId: org.id, force: true });
    expect(trunkRequests(h)).toHaveLength(1);
  });

  it('a listening org’s agent gates start the next listing ahead of the bound, so the agents after them do not wait', async () => {
    // The default bound (4 s); the ages below keep 400 ms or more from every edge, for a busy machine.
    h = await startHarness({ trunks: 2, label: 'refresh-ahead', settings: { trunkHealthMaxAgeMs: 4_000 } });
    const org = h.sim.sim.fixture.orgs[0]!;
    const trunkId = org.trunks[0]!.id;
    const monitor = new TrunkMonitor(h.ctx);
    let listening = false;
    monitor.listenWith(() => listening);
    const observedAt = async () => (await h!.ctx.trunks.get(org.id, trunkId))!.observedAt;
    const gateAtAge = async (listedAt: number, ageMs: number) => {
      await new Promise((r) => setTimeout(r, Math.max(0, listedAt + ageMs - Date.now())));
      return monitor.current(org.id, trunkId);
    };
    await monitor.read(org.id, trunkId);
    const first = await observedAt();
    // Not listening: the poller lists every tick, so a gate starts nothing ahead, whatever the age.
    expect((await gateAtAge(first, 3_600)).observedAt).toBe(first);
    await new Promise((r) => setTimeout(r, 200));
    expect(trunkRequests(h)).toHaveLength(1);

    // Listening: young health starts nothing (never before half the bound); once the health is within the lead
    // (500 ms here) and a usual gap of the bound, the gate answers with the health it has and starts the next
    // listing in the background.
    listening = true;
    await monitor.list(org.id);
    const second = await observedAt();
    expect((await gateAtAge(second, 300)).observedAt).toBe(second);
    expect((await gateAtAge(second, 1_500)).observedAt).toBe(second);
    expect(trunkRequests(h)).toHaveLength(2);
    expect((await gateAtAge(second, 3_550)).observedAt).toBe(second);
    await waitFor(async () => (await observedAt()) > second || undefined, {
      what: 'the listing ahead of the bound',
    });
    expect(trunkRequests(h)).toHaveLength(3);
    // Past the earlier health's bound, the next gate finds fresh health: no wait, no read of its own.
    const third = await observedAt();
    expect((await gateAtAge(second, 4_300)).observedAt).toBe(third);
    expect(trunkRequests(h)).toHaveLength(3);
  });
});
