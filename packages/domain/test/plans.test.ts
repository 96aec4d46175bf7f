import { describe, expect, it } from 'vitest';
import {
  type AgentCapacityData,
  computeGroupPacing,
  formatPlan,
  planAgentUtilization,
  planCampaignPacing,
} from '../src/index.js';

const desired: AgentCapacityData = {
  userId: 'u1',
  routingGroupId: 'g1',
  trunkId: 'trunk-sg-07',
  available: true,
  utilization: {
    call: { maximumCapacity: 1 },
    chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
  },
};
const healthy = { health: 'healthy' as const };

describe('planAgentUtilization', () => {
  it('parks on an unhealthy trunk without any call, naming the trunk', () => {
    const plan = planAgentUtilization({
      orgId: 'o',
      desired,
      trunk: { health: 'degraded', since: '09:02' },
      current: {},
    });
    expect(plan.reason).toBe('parked');
    expect(plan.calls).toEqual([]);
    expect(plan.detail).toBe('trunk-sg-07 degraded since 09:02');
  });
  it('is in step when every desired media type matches (list order and defaults ignored)', () => {
    const plan = planAgentUtilization({
      orgId: 'o',
      desired,
      trunk: healthy,
      current: {
        call: { maximumCapacity: 1, includeNonAcd: false },
        chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
        email: { maximumCapacity: 9 },
      },
    });
    expect(plan.reason).toBe('in-step');
    expect(plan.calls).toEqual([]);
  });
  it('is first-sync, changed or drifted depending on what was last applied', () => {
    const current = {
      call: { maximumCapacity: 2 },
      chat: { maximumCapacity: 3, interruptableMediaTypes: ['call' as const] },
    };
    const first = planAgentUtilization({ orgId: 'o', desired, trunk: healthy, current });
    expect(first.reason).toBe('first-sync');
    expect(first.changes).toEqual([{ field: 'call.maximumCapacity', current: 2, desired: 1 }]);
    expect(first.calls).toEqual([{ method: 'PUT', resource: 'routing-utilization', target: 'u1' }]);
    const changed = planAgentUtilization({
      orgId: 'o',
      desired,
      trunk: healthy,
      current,
      lastApplied: current,
    });
    expect(changed.reason).toBe('changed');
    const drifted = planAgentUtilization({
      orgId: 'o',
      desired,
      trunk: healthy,
      current,
      lastApplied: desired.utilization,
    });
    expect(drifted.reason).toBe('drifted');
  });
  it('is pure: the same inputs give the same plan', () => {
    const input = { orgId: 'o', desired, trunk: healthy, current: {} };
    expect(planAgentUtilization(input)).toEqual(planAgentUtilization(structuredClone(input)));
  });
});

describe('planCampaignPacing', () => {
  const pacing = computeGroupPacing(
    {
      trunks: [
        { id: 't1', maxConcurrentCalls: 12 },
        { id: 'trunk-sg-07', maxConcurrentCalls: 30 },
      ],
      callsPerAgent: 1,
      minLines: 1,
      campaignIds: ['camp-sg-sales'],
    },
    Array.from({ length: 20 }, () => ({ trunkId: 't1', available: true, callCapacity: 1 })),
    (id) => (id === 't1' ? 'healthy' : 'degraded'),
  );
  const base = {
    orgId: 'o',
    campaignId: 'camp-sg-sales',
    groupId: 'sg',
    pacing,
    unhealthyTrunks: [{ id: 'trunk-sg-07', health: 'degraded' }],
  };
  it('writes only outboundLineCount, explaining the degraded trunk', () => {
    const plan = planCampaignPacing({ ...base, currentLineCount: 9, lastAppliedLineCount: 9 });
    expect(plan.reason).toBe('changed');
    expect(plan.changes).toEqual([{ field: 'outboundLineCount', current: 9, desired: 12 }]);
    expect(formatPlan(plan)).toBe(
      'campaign camp-sg-sales  outboundLineCount 9 → 12  (changed; group sg: trunkLines 12, agentLines 20; trunk-sg-07 degraded)',
    );
  });
  it('covers in-step, first-sync and drifted', () => {
    expect(planCampaignPacing({ ...base, currentLineCount: 12 }).reason).toBe('in-step');
    expect(planCampaignPacing({ ...base, currentLineCount: 3 }).reason).toBe('first-sync');
    expect(planCampaignPacing({ ...base, currentLineCount: 3, lastAppliedLineCount: 12 }).reason).toBe(
      'drifted',
    );
  });
});
