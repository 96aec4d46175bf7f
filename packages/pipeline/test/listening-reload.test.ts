import type { Topology } from '@wfm-sync/config';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNotificationMetrics,
  currentNotificationClient,
  NotificationStatusStore,
  notificationKeys,
} from '../src/index.js';
import { fastOwner, type Harness, startHarness } from './harness.js';

/** The part of a topology that belongs to the given orgs. */
function onlyOrgs(topology: Topology, ...orgIds: string[]): Topology {
  const keep = new Set(orgIds);
  return {
    orgs: topology.orgs.filter((org) => keep.has(org.id)),
    trunks: topology.trunks.filter((trunk) => keep.has(trunk.orgId)),
    routingGroups: topology.routingGroups.filter((group) => keep.has(group.orgId)),
  };
}

describe('listening follows a topology reload (decision 026; gc-sim, real WebSockets, real Redis)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('an added org gets an owner and its pushes are heard; a removed org releases its lease and closes its channel', async () => {
    h = await startHarness({
      label: 'listen-reload',
      orgs: 2,
      trunks: 2,
      faults: { notifications: { heartbeatIntervalMs: 200 } },
    });
    const harness = h;
    const full = harness.topology.topology;
    const [kept, added] = harness.sim.sim.fixture.orgs;
    if (!kept || !added) throw new Error('the fixture has two orgs');
    const leaseOf = (orgId: string) =>
      harness.redis.client.get(notificationKeys(harness.redis.prefix, orgId).owner);
    const simOrg = (orgId: string) => harness.sim.sim.admin.notifications.report().orgs[orgId];
    const gauges = () => harness.registry.getSingleMetricAsString('wfm_sync_notifications_status');

    // Start with one org only.
    harness.topology.replace(onlyOrgs(full, kept.id));
    const worker = await harness.startWorker({
      trunkPollEveryMs: 600_000,
      listening: { metrics: createNotificationMetrics(harness.registry), owner: fastOwner },
    });
    const listening = worker.listening!;
    await waitFor(() => listening.feed.isListening(kept.id), { what: 'the first org listening' });
    expect(listening.orgIds).toEqual([kept.id]);
    expect(await leaseOf(added.id)).toBeNull();
    expect(simOrg(added.id)?.channelsCreated ?? 0).toBe(0);

    // SIGHUP adds the second org: it gets an owner, a channel, and the feed reads what it hears.
    harness.topology.replace(full);
    await worker.refresh();
    expect([...listening.orgIds].sort()).toEqual([kept.id, added.id].sort());
    await waitFor(() => listening.feed.isListening(added.id), { what: 'the added org listening' });
    expect(await leaseOf(added.id)).toMatch(/.+/);
    expect(simOrg(added.id)?.connectionsOpen).toBe(1);
    // A pushed degradation of one of its trunks reaches the trunk health store through the feed.
    const trunkId = added.trunks[0]!.id;
    await waitFor(() => harness.ctx.trunks.get(added.id, trunkId), {
      what: "the added org's re-sync listing",
    });
    harness.sim.sim.admin.setTrunkHealth(added.id, trunkId, 'degraded', 'register');
    await waitFor(async () => (await harness.ctx.trunks.get(added.id, trunkId))?.health === 'degraded', {
      what: 'the pushed degradation of the added org',
    });
    await listening.sample();
    expect(await gauges()).toContain(`wfm_sync_notifications_status{org="${added.id}",status="connected"} 1`);
    const keptChannels = simOrg(kept.id)?.channelsCreated;

    // SIGHUP removes the first org: once the reload is applied its lease is free (not left to expire), its
    // channel closes, its gauges are gone; the org that stays keeps its channel.
    harness.topology.replace(onlyOrgs(full, added.id));
    await worker.refresh();
    expect(await leaseOf(kept.id)).toBeNull();
    expect(listening.orgIds).toEqual([added.id]);
    expect(listening.feed.orgIds()).toEqual([added.id]);
    expect(listening.feed.isListening(kept.id)).toBe(false);
    await waitFor(() => simOrg(kept.id)?.connectionsOpen === 0, { what: "the removed org's socket closed" });
    await listening.sample();
    const after = await gauges();
    expect(after).not.toContain(`org="${kept.id}"`);
    expect(after).toContain(`wfm_sync_notifications_status{org="${added.id}",status="connected"} 1`);
    // Its recorded state stays in Redis, marked as no longer listened to.
    const record = await new NotificationStatusStore(harness.redis.client, harness.redis.prefix).read(
      kept.id,
      Date.now(),
      60_000,
    );
    expect(record?.status).toMatch(/^(idle|off)$/);
    expect(record?.liveTopics).toBe(0);
    // Nothing here competes for it any more: still free once the staying org has heard a heartbeat later than
    // an owner's retry period (250 ms) after the reload.
    const status = new NotificationStatusStore(harness.redis.client, harness.redis.prefix);
    const reloadedAt = Date.now();
    await waitFor(
      async () =>
        ((await status.read(added.id, Date.now(), 60_000))?.lastHeartbeatAt ?? 0) > reloadedAt + 400,
      { what: 'a later heartbeat of the org that stays' },
    );
    expect(await leaseOf(kept.id)).toBeNull();
    expect(simOrg(kept.id)?.channelsCreated).toBe(keptChannels);
    expect(listening.feed.isListening(added.id)).toBe(true);
  }, 40_000);

  it("an owner's notification calls go through the org's client of the moment, not the one it started with", async () => {
    h = await startHarness({ label: 'listen-client' });
    const topology = h.topology.topology;
    const org = topology.orgs[0]!;
    const current = currentNotificationClient(h.ctx.clientFor, org.id);
    const startedWith = h.ctx.clientFor(org.id);
    // A reload moves the org to another API host (its streaming host follows).
    const moved = new URL(org.apiBaseUrl);
    moved.hostname = '127.0.0.2';
    h.topology.replace({ ...topology, orgs: [{ ...org, apiBaseUrl: moved.toString() }] });
    const connectUri = `ws://${moved.host}/channels/ch-1`;
    expect(() => startedWith.notificationConnectUrl(connectUri)).toThrow(/neither the org's streaming host/);
    expect(current.notificationConnectUrl(connectUri).host).toBe(moved.host);
    // An org the reload removed has no client: the owner's call fails (and is handled as a failed call).
    h.topology.replace(onlyOrgs(topology));
    expect(() => current.notificationConnectUrl(connectUri)).toThrow(/not in the topology/);
  });
});
