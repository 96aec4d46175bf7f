import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CampaignPlanInput,
  computeGroupPacing,
  desiredLineCount,
  formatPlan,
  type Plan,
  planCampaignPacing,
} from '../src/index.js';

const group = {
  trunks: [
    { id: 'trunk-sg-07', maxConcurrentCalls: 30 },
    { id: 'trunk-sg-08', maxConcurrentCalls: 9 },
  ],
  callsPerAgent: 1.5,
  minLines: 1,
  campaignIds: ['camp-sg-sales', 'camp-sg-renewals'],
};
const agents = Array.from({ length: 10 }, (_, i) => ({
  trunkId: i < 6 ? 'trunk-sg-07' : 'trunk-sg-08',
  available: true,
  callCapacity: 1,
}));
// trunk-sg-07 degraded: its 30 lines and its 6 agents count 0 → 9 trunk lines, 4 × 1.5 = 6 agent lines → 6 lines.
const degraded = computeGroupPacing(group, agents, (id) => (id === 'trunk-sg-07' ? 'degraded' : 'healthy'));
const base = {
  orgId: 'acme',
  groupId: 'sg-outbound-sales',
  pacing: degraded,
  unhealthyTrunks: [{ id: 'trunk-sg-07', health: 'degraded' }],
};

function planTwice(input: CampaignPlanInput): Plan {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  const first = planCampaignPacing(input);
  vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
  const second = planCampaignPacing({
    ...input,
    pacing: { ...input.pacing, shares: new Map(input.pacing.shares) },
  });
  expect(second).toEqual(first);
  return first;
}

describe('planCampaignPacing is pure and gives every reason', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares the lines in configured order, the first campaigns getting the remainder', () => {
    expect(degraded).toMatchObject({ trunkLines: 9, agentLines: 6, lines: 6 });
    expect(desiredLineCount(degraded, 'camp-sg-sales')).toBe(3);
    expect(desiredLineCount(degraded, 'camp-sg-renewals')).toBe(3);
    expect(desiredLineCount(degraded, 'not-in-group')).toBe(6);
  });

  it('changed: outboundLineCount only, explaining the degraded trunk (12 → 3)', () => {
    const plan = planTwice({
      ...base,
      campaignId: 'camp-sg-sales',
      currentLineCount: 12,
      lastAppliedLineCount: 12,
    });
    expect(plan).toEqual({
      key: { orgId: 'acme', kind: 'campaign', id: 'camp-sg-sales' },
      reason: 'changed',
      detail: 'group sg-outbound-sales: trunkLines 9, agentLines 6; trunk-sg-07 degraded',
      changes: [{ field: 'outboundLineCount', current: 12, desired: 3 }],
      calls: [{ method: 'PUT', resource: 'outbound-campaign', target: 'camp-sg-sales' }],
    });
    expect(formatPlan(plan)).toBe(
      'campaign camp-sg-sales  outboundLineCount 12 → 3  (changed; group sg-outbound-sales: trunkLines 9, agentLines 6; trunk-sg-07 degraded)',
    );
  });

  it('first-sync: never written by wfm-sync', () => {
    const plan = planTwice({ ...base, campaignId: 'camp-sg-renewals', currentLineCount: 20 });
    expect(plan).toMatchObject({ reason: 'first-sync', changes: [{ current: 20, desired: 3 }] });
  });

  it('drifted: wfm-sync wrote the desired count, but someone changed it in Genesys', () => {
    const plan = planTwice({
      ...base,
      campaignId: 'camp-sg-sales',
      currentLineCount: 5,
      lastAppliedLineCount: 3,
    });
    expect(plan).toMatchObject({ reason: 'drifted', changes: [{ current: 5, desired: 3 }] });
  });

  it('in-step: no call, the pacing still explained', () => {
    const plan = planTwice({
      ...base,
      campaignId: 'camp-sg-sales',
      currentLineCount: 3,
      lastAppliedLineCount: 3,
    });
    expect(plan).toEqual({
      key: { orgId: 'acme', kind: 'campaign', id: 'camp-sg-sales' },
      reason: 'in-step',
      detail: 'group sg-outbound-sales: trunkLines 9, agentLines 6; trunk-sg-07 degraded',
      changes: [],
      calls: [],
    });
  });

  it('all trunks healthy: no trunk named in the detail', () => {
    const healthy = computeGroupPacing(group, agents, () => 'healthy');
    const plan = planTwice({
      ...base,
      pacing: healthy,
      unhealthyTrunks: [],
      campaignId: 'camp-sg-sales',
      currentLineCount: 0,
    });
    expect(plan.detail).toBe('group sg-outbound-sales: trunkLines 39, agentLines 15');
    expect(plan.changes).toEqual([{ field: 'outboundLineCount', current: 0, desired: 8 }]);
  });
});
