import { keyMember } from '@wfm-sync/domain';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

function orgOf(h: Harness) {
  return h.topology.topology.orgs[0]!;
}

describe('reconcile against gc-sim', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('applies the highest-sequence utilization with one PUT and no read when nothing else is known', async () => {
    h = await startHarness();
    const orgId = orgOf(h).id;
    await h.startWorker();
    const data = agentData(h, 0, 4);
    await h.recorder.record([agentEvent(orgId, agentData(h, 0, 2), 1), agentEvent(orgId, data, 2)]);
    await waitFor(
      () => h!.sim.sim.admin.utilization(orgId, data.userId)?.utilization.call?.maximumCapacity === 4,
      {
        what: 'utilization applied',
      },
    );
    const key = { orgId, kind: 'agent' as const, id: data.userId };
    await waitFor(async () => (await h!.ctx.state.load(key)).status === 'applied', {
      what: 'status applied',
    });
    expect(await h.redis.client.zscore(h.ctx.names.org(orgId).due, keyMember(key))).toBeNull();
    const trail = await h.ctx.trail.read(key);
    expect(trail[0]).toMatchObject({ outcome: 'applied', reason: 'first-sync', rev: 2 });

    // The value just written is trusted: an equal desired state costs no Genesys call at all.
    const before = h.requests.filter((r) => r.route.includes('/utilization')).length;
    await h.recorder.record([agentEvent(orgId, data, 3)]);
    await waitFor(async () => (await h!.ctx.trail.read(key))[0]?.rev === 3, { what: 'second decision' });
    expect((await h.ctx.trail.read(key))[0]).toMatchObject({ outcome: 'noop', reason: 'in-step' });
    expect(h.requests.filter((r) => r.route.includes('/utilization')).length).toBe(before);
  });

  it('parks an agent on a degraded trunk, writes nothing, and applies it when the trunk recovers', async () => {
    h = await startHarness();
    const org = orgOf(h);
    const data = agentData(h, 0, 3);
    h.sim.sim.admin.setTrunkHealth(org.id, data.trunkId, 'degraded');
    await h.startWorker({ trunkPollEveryMs: 200 });
    await h.recorder.record([agentEvent(org.id, data, 1)]);
    const key = { orgId: org.id, kind: 'agent' as const, id: data.userId };
    await waitFor(async () => (await h!.ctx.state.load(key)).status === 'parked', { what: 'parked' });
    const state = await h.ctx.state.load(key);
    expect(state.reason).toContain(`${data.trunkId} degraded`);
    expect(h.sim.sim.admin.utilization(org.id, data.userId)?.level).not.toBe('Agent');
    expect(await h.ctx.trunks.parkedAgents(org.id, data.trunkId)).toEqual([data.userId]);

    h.sim.sim.admin.setTrunkHealth(org.id, data.trunkId, 'healthy');
    await waitFor(
      () => h!.sim.sim.admin.utilization(org.id, data.userId)?.utilization.call?.maximumCapacity === 3,
      {
        what: 'applied after recovery',
      },
    );
    expect(h.sim.sim.admin.violations().unhealthyTrunkWrites).toBe(0);
  });

  it('dead-letters an unknown user at once with the reason, and keeps it out of the due set', async () => {
    h = await startHarness();
    const org = orgOf(h);
    await h.startWorker();
    const data = { ...agentData(h, 0, 1), userId: 'no-such-user' };
    await h.recorder.record([agentEvent(org.id, data, 1)]);
    const letters = await waitFor(
      async () => {
        const list = await h!.ctx.deadLetters.list(org.region);
        return list.length > 0 ? list : undefined;
      },
      { what: 'dead letter' },
    );
    expect(letters[0]).toMatchObject({ id: 'no-such-user', reason: 'not-found', attempts: 1 });
    expect(letters[0]!.lastError.status).toBe(404);
    const key = { orgId: org.id, kind: 'agent' as const, id: 'no-such-user' };
    expect((await h.ctx.state.load(key)).status).toBe('dead-lettered');
    expect(await h.redis.client.zscore(h.ctx.names.org(org.id).due, keyMember(key))).toBeNull();
  });

  it('retries through transient 503s until applied', async () => {
    h = await startHarness({ faults: { error5xxRate: 0.3 } });
    const org = orgOf(h);
    await h.startWorker();
    const events = [0, 1, 2, 3].map((i) => agentEvent(org.id, agentData(h!, i, 5), 1));
    await h.recorder.record(events);
    for (const event of events) {
      const userId = event.data.userId as string;
      await waitFor(
        () => h!.sim.sim.admin.utilization(org.id, userId)?.utilization.call?.maximumCapacity === 5,
        {
          timeoutMs: 30_000,
          what: `agent ${userId} applied through 503s`,
        },
      );
    }
  }, 40_000);

  it('recovers a key whose job was never enqueued (the sweeper)', async () => {
    h = await startHarness({ settings: { sweepAfterMs: 100 } });
    const org = orgOf(h);
    const data = agentData(h, 2, 7);
    // Store exactly as ingest would, then drop every job: as if ingest died before enqueuing.
    await h.recorder.record([agentEvent(org.id, data, 1)]);
    for (const queue of h.ctx.queues.all()) await queue.obliterate({ force: true });
    await h.startWorker();
    await waitFor(
      () => h!.sim.sim.admin.utilization(org.id, data.userId)?.utilization.call?.maximumCapacity === 7,
      {
        what: 'swept key applied',
      },
    );
  });

  it('paces a campaign from agent capacity and healthy trunks, keeping an administrator edit', async () => {
    h = await startHarness({ agents: 6, trunks: 3 });
    const org = orgOf(h);
    const group = h.topology.topology.routingGroups[0]!;
    const campaignId = group.campaignIds[0]!;
    h.sim.sim.admin.editCampaignAsAdmin(org.id, campaignId, { callerName: 'Edited by admin' });
    await h.startWorker({ trunkPollEveryMs: 300 });
    const agents = h.sim.sim.fixture.orgs[0]!.agents.map((a, i) => ({ a, i })).filter(
      ({ a }) => a.routingGroupId === group.id,
    );
    await h.recorder.record(agents.map(({ i }, n) => agentEvent(org.id, agentData(h!, i, 2), n + 1)));
    const trunkLines = group.trunkIds.reduce(
      (sum, id) => sum + (h!.topology.trunk(org.id, id)?.maxConcurrentCalls ?? 0),
      0,
    );
    const expected = Math.max(
      group.minLines,
      Math.min(trunkLines, Math.floor(agents.length * 2 * group.callsPerAgent)),
    );
    const share =
      Math.floor(expected / group.campaignIds.length) + (expected % group.campaignIds.length > 0 ? 1 : 0);
    await waitFor(() => h!.sim.sim.admin.campaign(org.id, campaignId)?.outboundLineCount === share, {
      timeoutMs: 15_000,
      what: `campaign at ${share} lines`,
    });
    expect(h.sim.sim.admin.campaign(org.id, campaignId)?.callerName).toBe('Edited by admin');
    expect(h.sim.sim.admin.violations().adminEditsOverwritten).toBe(0);
  });
});

describe('a write that Genesys took but the worker never recorded', () => {
  it('is not trusted: the next run reads Genesys and repairs it', async () => {
    const h = await startHarness();
    try {
      const org = h.topology.topology.orgs[0]!;
      const data = agentData(h, 0, 2);
      await h.startWorker();
      await h.recorder.record([agentEvent(org.id, data, 1)]);
      await waitFor(
        () => h.sim.sim.admin.utilization(org.id, data.userId)?.utilization.call?.maximumCapacity === 2,
        {
          what: 'first value applied',
        },
      );
      const key = { orgId: org.id, kind: 'agent' as const, id: data.userId };
      await waitFor(async () => (await h.ctx.state.load(key)).status === 'applied', { what: 'recorded' });
      // A worker leases the key, prepares a write, Genesys takes value 3, and the worker dies before recording it.
      const lease = await waitFor(() => h.ctx.leases.acquire(key), { what: 'lease' });
      const deadline = await lease.extendForWrite();
      await h.ctx
        .clientFor(org.id)
        .putUtilization(
          data.userId,
          { utilization: { ...data.utilization, call: { maximumCapacity: 3 } } },
          { deadline },
        );
      await lease.release();
      // The desired state is still 2; the record says 2 was applied. Only a fresh read reveals the drift.
      await h.recorder.record([agentEvent(org.id, data, 2)]);
      await waitFor(
        () => h.sim.sim.admin.utilization(org.id, data.userId)?.utilization.call?.maximumCapacity === 2,
        {
          what: 'drift repaired',
        },
      );
      // The trail is written after the PUT's answer: wait for it rather than race the commit.
      await waitFor(async () => (await h.ctx.trail.read(key))[0]?.reason === 'drifted', {
        what: 'the repair in the trail',
      });
      expect((await h.ctx.trail.read(key))[0]).toMatchObject({ outcome: 'applied', reason: 'drifted' });
    } finally {
      await h.close();
    }
  });
});
