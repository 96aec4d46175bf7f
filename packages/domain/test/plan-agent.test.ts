import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AgentCapacityData,
  type AgentPlanInput,
  type Plan,
  planAgentUtilization,
} from '../src/index.js';

const desired: AgentCapacityData = {
  userId: 'u-5f1c',
  routingGroupId: 'sg-outbound-sales',
  trunkId: 'trunk-sg-07',
  available: true,
  utilization: {
    call: { maximumCapacity: 2 },
    chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
  },
};
const healthy = { health: 'healthy' as const, since: '2026-11-23T08:00:00.000Z' };
const genesysDefault = {
  call: { maximumCapacity: 1 },
  chat: { maximumCapacity: 4 },
  email: { maximumCapacity: 1 },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Runs the planner on frozen inputs (it may not mutate them) at two different clock times (it may not read one). */
function planTwice(input: AgentPlanInput): Plan {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-23T09:00:00Z'));
  const first = planAgentUtilization(deepFreeze(structuredClone(input)));
  vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
  const second = planAgentUtilization(deepFreeze(structuredClone(input)));
  expect(second).toEqual(first);
  return first;
}

describe('planAgentUtilization is pure and gives every reason', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(['degraded', 'offline'] as const)(
    'parked: a %s trunk, no call, whatever Genesys holds',
    (health) => {
      const plan = planTwice({
        orgId: 'acme',
        desired,
        trunk: { health, since: '2026-11-23T09:02:00.000Z' },
        current: genesysDefault,
      });
      expect(plan).toEqual({
        key: { orgId: 'acme', kind: 'agent', id: 'u-5f1c' },
        reason: 'parked',
        detail: `trunk-sg-07 ${health} since 2026-11-23T09:02:00.000Z`,
        changes: [],
        calls: [],
      });
    },
  );

  it('in-step: Genesys equals the desired map (extra media types, defaults and list order do not count)', () => {
    const plan = planTwice({
      orgId: 'acme',
      desired,
      trunk: healthy,
      current: {
        email: { maximumCapacity: 7 },
        chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
        call: { maximumCapacity: 2, includeNonAcd: false },
      },
      lastApplied: desired.utilization,
    });
    expect(plan).toMatchObject({ reason: 'in-step', changes: [], calls: [] });
  });

  it('first-sync: never applied; one PUT of the full map, listing each differing field', () => {
    const plan = planTwice({ orgId: 'acme', desired, trunk: healthy, current: genesysDefault });
    expect(plan).toEqual({
      key: { orgId: 'acme', kind: 'agent', id: 'u-5f1c' },
      reason: 'first-sync',
      changes: [
        { field: 'call.maximumCapacity', current: 1, desired: 2 },
        { field: 'chat.maximumCapacity', current: 4, desired: 3 },
      ],
      calls: [{ method: 'PUT', resource: 'routing-utilization', target: 'u-5f1c' }],
    });
  });

  it('changed: the desired state moved away from what was applied', () => {
    const previous = { ...desired.utilization, call: { maximumCapacity: 1 } };
    const plan = planTwice({
      orgId: 'acme',
      desired,
      trunk: healthy,
      current: previous,
      lastApplied: previous,
    });
    expect(plan.reason).toBe('changed');
    expect(plan.changes).toEqual([{ field: 'call.maximumCapacity', current: 1, desired: 2 }]);
  });

  it('drifted: what was applied is still desired, but Genesys holds something else', () => {
    const plan = planTwice({
      orgId: 'acme',
      desired,
      trunk: healthy,
      current: { ...desired.utilization, chat: { maximumCapacity: 3 } },
      lastApplied: desired.utilization,
    });
    expect(plan.reason).toBe('drifted');
    // The interruptable list differs, not the capacity: the field is listed with equal values, and a PUT fixes it.
    expect(plan.changes).toEqual([{ field: 'chat.maximumCapacity', current: 3, desired: 3 }]);
    expect(plan.calls).toHaveLength(1);
  });

  it('a media type Genesys does not return yet counts as absent (null), not as equal', () => {
    const plan = planTwice({
      orgId: 'acme',
      desired,
      trunk: healthy,
      current: { call: { maximumCapacity: 2 } },
    });
    expect(plan.changes).toEqual([{ field: 'chat.maximumCapacity', current: null, desired: 3 }]);
  });

  it('first write without a read: one PUT of the full map, every owned field listed as not read', () => {
    const plan = planTwice({ orgId: 'acme', desired, trunk: healthy, current: 'not-read' });
    expect(plan.reason).toBe('first-sync');
    expect(plan.changes).toEqual([
      { field: 'call.maximumCapacity', current: 'not read', desired: 2 },
      { field: 'chat.maximumCapacity', current: 'not read', desired: 3 },
    ]);
    expect(plan.calls).toEqual([{ method: 'PUT', resource: 'routing-utilization', target: desired.userId }]);
  });

  it('first write without a read of an empty map: nothing owned, so no call', () => {
    const plan = planTwice({
      orgId: 'acme',
      desired: { ...desired, utilization: {} },
      trunk: healthy,
      current: 'not-read',
    });
    expect(plan).toMatchObject({ reason: 'in-step', calls: [] });
  });

  it('an unhealthy trunk parks the agent even when Genesys was not read', () => {
    const plan = planTwice({ orgId: 'acme', desired, trunk: { health: 'degraded' }, current: 'not-read' });
    expect(plan).toMatchObject({ reason: 'parked', calls: [] });
  });
});
