import type { Plan } from '@wfm-sync/domain';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { planOrg, queueForKey } from '../src/index.js';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

/** Every pipeline key's content except the Genesys client's own (token, budget): what planning must not change. */
async function pipelineSnapshot(h: Harness): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await h.redis.client.scan(cursor, 'MATCH', `${h.redis.prefix}:*`, 'COUNT', 1000);
    for (const key of keys) {
      if (key.includes(':gc:')) continue;
      const dump = await h.redis.client.dumpBuffer(key);
      snapshot.set(key, dump?.toString('base64') ?? '');
    }
    cursor = next;
  } while (cursor !== '0');
  return snapshot;
}

describe('planOrg (wfm-sync plan)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('plans every key with a desired state from fresh reads, writing nothing anywhere', async () => {
    h = await startHarness({ agents: 6, trunks: 3 });
    const harness = h;
    const orgId = harness.topology.topology.orgs[0]!.id;
    const agents = [0, 1, 2, 3, 4, 5].map((i) => agentData(harness, i, 3));
    const degradedTrunk = agents[0]!.trunkId;
    harness.sim.sim.admin.setTrunkHealth(orgId, degradedTrunk, 'offline');
    await harness.recorder.record(agents.map((data) => agentEvent(orgId, data, 1)));
    // No worker: desired states recorded, nothing applied. Drop the jobs so only planning could touch anything.
    for (const queue of harness.ctx.queues.all()) await queue.obliterate({ force: true });

    const before = await pipelineSnapshot(harness);
    const progress: number[] = [];
    const report = await planOrg(harness.ctx, orgId, { onProgress: ({ done }) => progress.push(done) });
    expect(await pipelineSnapshot(harness)).toEqual(before);
    expect(harness.sim.sim.admin.requestLog().filter((r) => r.stateChanging)).toEqual([]);

    const agentPlans = report.plans.filter((p) => p.key.kind === 'agent');
    expect(agentPlans.map((p) => p.key.id).sort()).toEqual(agents.map((a) => a.userId).sort());
    for (const plan of agentPlans) {
      const data = agents.find((a) => a.userId === plan.key.id)!;
      if (data.trunkId === degradedTrunk) {
        expect(plan).toMatchObject({ reason: 'parked', calls: [] });
        expect(plan.detail).toContain(`${degradedTrunk} offline`);
      } else {
        expect(plan.reason).toBe('first-sync');
        expect(plan.changes).toContainEqual({ field: 'call.maximumCapacity', current: 1, desired: 3 });
        expect(plan.calls).toEqual([{ method: 'PUT', resource: 'routing-utilization', target: data.userId }]);
      }
    }
    const groupsWithAgents = new Set(agents.map((a) => a.routingGroupId));
    const campaigns = harness.topology.topology.routingGroups
      .filter((g) => groupsWithAgents.has(g.id))
      .flatMap((g) => g.campaignIds);
    expect(
      report.plans
        .filter((p) => p.key.kind === 'campaign')
        .map((p) => p.key.id)
        .sort(),
    ).toEqual(campaigns.sort());
    expect(report.failures).toEqual([]);
    expect(report.totals.keys).toBe(report.plans.length);
    expect(report.totals.writes).toBe(report.plans.reduce((n, p) => n + p.calls.length, 0));
    expect(report.totals.parked).toBe(agents.filter((a) => a.trunkId === degradedTrunk).length);
    expect(progress.at(-1)).toBe(report.totals.keys);

    // The worker, live, makes exactly the writes the plan showed: same keys, same values.
    const stateChanging = () => harness.sim.sim.admin.requestLog().filter((r) => r.stateChanging);
    await harness.startWorker();
    await harness.ctx.queues.enqueue(
      report.plans.map(({ key }) => ({
        key,
        queue: queueForKey(harness.topology, key, agents.find((a) => a.userId === key.id)?.routingGroupId),
      })),
    );
    const changing = report.plans.filter((p) => p.calls.length > 0);
    await waitFor(() => changing.every((plan) => genesysHas(harness, orgId, plan)), {
      timeoutMs: 15_000,
      what: 'every planned write made',
    });
    await waitFor(() => stateChanging().length >= changing.length, { what: 'writes logged' });
    expect(stateChanging()).toHaveLength(changing.length);
    for (const plan of changing) {
      expect(stateChanging().filter((r) => r.path.includes(encodeURIComponent(plan.key.id)))).toHaveLength(1);
    }

    // Converged: the plan is now empty of writes (the parked agents stay parked).
    const after = await planOrg(harness.ctx, orgId);
    expect(after.totals).toMatchObject({ writes: 0, changing: 0, failed: 0, parked: report.totals.parked });
  });

  it('lists kinds without a planner instead of failing, and plans one kind on request', async () => {
    h = await startHarness({ agents: 2, trunks: 1 });
    const orgId = h.topology.topology.orgs[0]!.id;
    await h.recorder.record([agentEvent(orgId, agentData(h, 0, 2), 1)]);
    const report = await planOrg(h.ctx, orgId, { kinds: ['agent'] });
    expect(report.plans.map((p) => p.key.kind)).toEqual(['agent']);
    await expect(planOrg(h.ctx, 'no-such-org')).rejects.toThrow(/not in the topology/);
  });
});

function genesysHas(h: Harness, orgId: string, plan: Plan): boolean {
  if (plan.key.kind === 'agent') {
    const utilization = h.sim.sim.admin.utilization(orgId, plan.key.id)?.utilization as
      | Record<string, { maximumCapacity: number }>
      | undefined;
    return plan.changes.every((change) => {
      const [media] = change.field.split('.');
      return utilization?.[media!]?.maximumCapacity === change.desired;
    });
  }
  const campaign = h.sim.sim.admin.campaign(orgId, plan.key.id);
  return plan.changes.every((change) => campaign?.[change.field] === change.desired);
}
