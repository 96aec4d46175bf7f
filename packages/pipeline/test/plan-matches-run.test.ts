import { keyOfCampaign, type Plan, type SyncKey, scheduleKeyId } from '@wfm-sync/domain';
import type { RequestLogEntry } from '@wfm-sync/gc-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReconcilers, type KeyPlanner, type ReconcilerMap, TrunkMonitor } from '../src/index.js';
import type { ReconcileResult } from '../src/reconcile/types.js';
import { scheduleEvent, timeOffData, timeOffEvent, weekOfShifts } from './events.js';
import { agentData, agentEvent, firstScheduleIds, type Harness, startHarness } from './harness.js';

/**
 * `wfm-sync plan` shows what a worker does: for every kind, on a state that needs a write, the plan's calls are
 * exactly the writes a live run then sends (gc-sim's request log). Plan and run read through the same code.
 */

/** A write as the plan names it: method and the Genesys id it targets (a schedule's update: its key). */
type Write = string;

function plannedWrites(plan: Plan): Write[] {
  return plan.calls.map(
    (c) => `${c.method} ${c.resource === 'wfm-schedule-update' ? plan.key.id : c.target}`,
  );
}

/** The state-changing requests gc-sim answered, as the plan would name them. */
function sentWrites(log: readonly RequestLogEntry[], key: SyncKey): Write[] {
  return log
    .filter((r) => r.stateChanging && r.status >= 200 && r.status < 300)
    .flatMap((r): Write[] => {
      const segments = r.path.split('?')[0]!.split('/');
      if (r.route.endsWith('/utilization')) return [`${r.method} ${segments.at(-2)}`];
      if (r.route.includes('/outbound/campaigns/')) return [`${r.method} ${segments.at(-1)}`];
      if (r.route.endsWith('/timeoffrequests') && r.method === 'POST') return [`POST ${segments.at(-2)}`];
      if (r.route.includes('/timeoffrequests/')) return [`${r.method} ${segments.at(-1)}`];
      // A schedule upload is three requests (URL, body, update); the update is the plan's call.
      if (r.route.endsWith('/update')) return [`POST ${key.id}`];
      return [];
    });
}

describe('plan and run agree', () => {
  let h: Harness | undefined;
  let reconcilers: ReconcilerMap;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(): Promise<Harness> {
    h = await startHarness({ agents: 6, trunks: 2 });
    reconcilers = buildReconcilers(h.ctx, new TrunkMonitor(h.ctx));
    return h;
  }

  /** Plans `key`, then reconciles it live on the same state; returns the plan and the writes the run sent. */
  async function planThenRun(key: SyncKey) {
    const harness = h!;
    const reconciler = reconcilers[key.kind] as ReconcilerMap[typeof key.kind] & Partial<KeyPlanner>;
    const plan = reconciler.plan ? await reconciler.plan(key, await harness.ctx.state.load(key)) : undefined;
    harness.sim.sim.admin.clearRequestLog();
    const lease = await harness.ctx.leases.acquire(key);
    if (!lease) throw new Error('key already leased');
    let result: ReconcileResult;
    try {
      result = await reconciler.reconcile(key, await harness.ctx.state.load(key), lease);
    } finally {
      await lease.release();
    }
    return { plan, result, sent: sentWrites(harness.sim.sim.admin.requestLog(), key) };
  }

  async function expectAgreement(key: SyncKey): Promise<ReconcileResult> {
    const { plan, result, sent } = await planThenRun(key);
    expect(plan?.calls.length, 'the state needs a write').toBeGreaterThan(0);
    expect(sent).toEqual(plannedWrites(plan!));
    expect(result.outcome).toBe('applied');
    return result;
  }

  it('agent: the utilization PUT planned is the one sent', async () => {
    const harness = await start();
    const org = harness.topology.topology.orgs[0]!;
    await harness.recorder.record([agentEvent(org.id, agentData(harness, 0, 7), 1)]);
    await expectAgreement({ orgId: org.id, kind: 'agent', id: agentData(harness, 0, 7).userId });
  });

  it('campaign: the line count PUT planned is the one sent', async () => {
    const harness = await start();
    const org = harness.sim.sim.fixture.orgs[0]!;
    const group = org.routingGroups.find((g) => g.campaignIds.length > 0)!;
    const members = org.agents.map((a, i) => ({ a, i })).filter(({ a }) => a.routingGroupId === group.id);
    await harness.recorder.record(
      members.map(({ i }, n) => agentEvent(org.id, agentData(harness, i, 3), n + 1)),
    );
    await expectAgreement(keyOfCampaign(org.id, group.campaignIds[0]!));
  });

  it('trunk: nothing to plan, and a run writes nothing', async () => {
    const harness = await start();
    const org = harness.sim.sim.fixture.orgs[0]!;
    const { plan, result, sent } = await planThenRun({ orgId: org.id, kind: 'trunk', id: org.trunks[0]!.id });
    expect(plan).toBeUndefined();
    expect(sent).toEqual([]);
    expect(result.outcome).toBe('noop');
  });

  it('time-off: the create, then the PATCH of a change, are what was planned; the trusted shortcut too', async () => {
    const harness = await start();
    const org = harness.sim.sim.fixture.orgs[0]!;
    const agent = org.agents[0]!;
    const data = timeOffData(agent, 'zd-plan');
    const key: SyncKey = { orgId: org.id, kind: 'timeoff', id: data.externalId };
    await harness.recorder.record([timeOffEvent(org.id, data, 1)]);
    await expectAgreement(key);

    // Unchanged and just written: plan and run both trust the last write and read nothing.
    const again = await planThenRun(key);
    expect(again.plan?.calls).toEqual([]);
    expect(again.plan?.reason).toBe('in-step');
    expect(again.plan?.detail).toMatch(/as last written/);
    expect(again.result.detail).toMatch(/as last written/);
    expect(again.sent).toEqual([]);
    expect(harness.sim.sim.admin.requestLog()).toEqual([]);

    await harness.recorder.record([timeOffEvent(org.id, { ...data, notes: 'Annual leave, extended' }, 2)]);
    await expectAgreement(key);
  });

  it('schedule: the updates planned are the ones sent', async () => {
    const harness = await start();
    const org = harness.sim.sim.fixture.orgs[0]!;
    const ids = firstScheduleIds(harness);
    const events = org.agents.slice(0, 3).map((agent, n) =>
      scheduleEvent(org.id, {
        ...ids,
        managementUnitId: agent.managementUnitId,
        userId: agent.id,
        shifts: weekOfShifts(ids.weekId, 240 + n * 30),
      }),
    );
    await harness.recorder.record(events);
    await expectAgreement({
      orgId: org.id,
      kind: 'schedule',
      id: scheduleKeyId(ids.businessUnitId, ids.weekId, ids.scheduleId),
    });
  });
});
