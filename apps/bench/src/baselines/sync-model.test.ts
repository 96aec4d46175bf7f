import type { WfmEvent } from '@wfm-sync/domain';
import type { SimTopology } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { BaselineSyncModel } from './sync-model.js';

const topology: SimTopology = {
  orgs: [],
  trunks: [
    { id: 't1', orgId: 'o', maxConcurrentCalls: 30 },
    { id: 't2', orgId: 'o', maxConcurrentCalls: 20 },
  ],
  routingGroups: [
    { id: 'g', orgId: 'o', trunkIds: ['t1', 't2'], campaignIds: ['c1', 'c2'], callsPerAgent: 2, minLines: 1 },
  ],
};

function agentEvent(userId: string, call: number, available = true): WfmEvent {
  return {
    id: `e-${userId}-${call}`,
    type: 'agent.capacity.updated',
    orgId: 'o',
    occurredAt: '2026-11-23T09:00:00.000Z',
    sequence: 1,
    data: {
      userId,
      routingGroupId: 'g',
      trunkId: 't1',
      available,
      utilization: { call: { maximumCapacity: call } },
    },
  };
}

describe('BaselineSyncModel', () => {
  it('writes the agent, and the campaigns whose share of the group changed', () => {
    const model = new BaselineSyncModel(topology);
    expect(model.writesFor(agentEvent('a', 3))).toEqual([
      { kind: 'agent', orgId: 'o', userId: 'a', utilization: { call: { maximumCapacity: 3 } } },
      { kind: 'campaign', orgId: 'o', campaignId: 'c1', lines: 3 },
      { kind: 'campaign', orgId: 'o', campaignId: 'c2', lines: 3 },
    ]);
    // 3 + 1 agent lines × 2 calls per agent = 8 lines: 4 each.
    expect(model.writesFor(agentEvent('b', 1)).filter((w) => w.kind === 'campaign')).toHaveLength(2);
    // Unavailable (6 lines) and back (8 lines): both change the shares; the same event again does not.
    expect(model.writesFor(agentEvent('b', 1, false)).filter((w) => w.kind === 'campaign')).toHaveLength(2);
    expect(model.writesFor(agentEvent('b', 1)).filter((w) => w.kind === 'campaign')).toHaveLength(2);
    expect(model.writesFor(agentEvent('b', 1))).toHaveLength(1);
  });

  it('counts every trunk as healthy and ignores trunk hints, as the integrations it stands for do', () => {
    const model = new BaselineSyncModel(topology);
    for (let i = 0; i < 20; i++) model.writesFor(agentEvent(`u${i}`, 3));
    // 20 agents × 3 × 2 = 120 agent lines; 50 trunk lines cap it: 25 each.
    expect(model.writesFor(agentEvent('u0', 2))).toHaveLength(1);
    const hint: WfmEvent = { ...agentEvent('x', 1), type: 'trunk.status.changed', data: { trunkId: 't1' } };
    expect(model.writesFor(hint)).toEqual([]);
  });

  it('writes each time-off and schedule event as it comes, whatever its sequence', () => {
    const model = new BaselineSyncModel(topology);
    const timeOff: WfmEvent = {
      id: 't',
      type: 'timeoff.upserted',
      orgId: 'o',
      occurredAt: '2026-11-23T09:00:00.000Z',
      sequence: 1,
      data: {
        externalId: 'x',
        managementUnitId: 'mu',
        userId: 'a',
        activityCodeId: 'ac',
        status: 'APPROVED',
        fullDayManagementUnitDates: ['2026-12-01'],
      },
    };
    expect(model.writesFor(timeOff)).toEqual([{ kind: 'timeoff', orgId: 'o', data: timeOff.data }]);
    const older = { ...timeOff, id: 't0', sequence: 0 };
    expect(model.writesFor(older)).toEqual([{ kind: 'timeoff', orgId: 'o', data: older.data }]);
    const schedule: WfmEvent = {
      id: 's',
      type: 'schedule.agent.updated',
      orgId: 'o',
      occurredAt: '2026-11-23T09:00:00.000Z',
      sequence: 1,
      data: {
        businessUnitId: 'bu',
        managementUnitId: 'mu',
        weekId: '2026-11-23',
        scheduleId: 's1',
        userId: 'a',
        shifts: [],
      },
    };
    expect(model.writesFor(schedule)).toEqual([{ kind: 'schedule', orgId: 'o', data: schedule.data }]);
  });
});
