import { describe, expect, it } from 'vitest';
import { computeGroupPacing, type PacingGroup, shareLines, type TrunkHealth } from '../src/index.js';

const group: PacingGroup = {
  trunks: [
    { id: 't1', maxConcurrentCalls: 30 },
    { id: 't2', maxConcurrentCalls: 20 },
  ],
  callsPerAgent: 1.5,
  minLines: 1,
  campaignIds: ['c1', 'c2', 'c3'],
};

describe('computeGroupPacing', () => {
  it('takes the smaller of trunk and agent lines and shares it in configured order', () => {
    const health = new Map<string, TrunkHealth>([
      ['t1', 'healthy'],
      ['t2', 'healthy'],
    ]);
    const agents = [
      { trunkId: 't1', available: true, callCapacity: 2 },
      { trunkId: 't1', available: true, callCapacity: undefined },
      { trunkId: 't2', available: true, callCapacity: 1 },
      { trunkId: 't2', available: false, callCapacity: 5 },
    ];
    const result = computeGroupPacing(group, agents, (id) => health.get(id));
    expect(result.trunkLines).toBe(50);
    expect(result.agentLines).toBe(6); // floor((2 + 1 + 1) * 1.5)
    expect(result.lines).toBe(6);
    expect([...result.shares.entries()]).toEqual([
      ['c1', 2],
      ['c2', 2],
      ['c3', 2],
    ]);
  });

  it('counts degraded and offline trunks as 0 and their agents as unavailable', () => {
    const health = new Map<string, TrunkHealth>([
      ['t1', 'degraded'],
      ['t2', 'healthy'],
    ]);
    const agents = [
      { trunkId: 't1', available: true, callCapacity: 10 },
      { trunkId: 't2', available: true, callCapacity: 3 },
    ];
    const result = computeGroupPacing({ ...group, callsPerAgent: 10 }, agents, (id) => health.get(id));
    expect(result.trunkLines).toBe(20);
    expect(result.agentLines).toBe(30);
    expect(result.lines).toBe(20);
  });

  it('never goes below minLines, even with no healthy trunk', () => {
    const result = computeGroupPacing({ ...group, minLines: 4 }, [], () => 'offline');
    expect(result.lines).toBe(4);
  });

  it('floors exact products without floating-point loss', () => {
    const result = computeGroupPacing(
      { ...group, callsPerAgent: 0.1, minLines: 0 },
      Array.from({ length: 30 }, () => ({ trunkId: 't1', available: true, callCapacity: 1 })),
      () => 'healthy',
    );
    expect(result.agentLines).toBe(3);
  });
});

describe('shareLines', () => {
  it('gives the first lines mod n campaigns one more', () => {
    expect([...shareLines(7, ['a', 'b', 'c']).values()]).toEqual([3, 2, 2]);
    expect([...shareLines(1, ['a', 'b']).values()]).toEqual([1, 0]);
    expect(shareLines(5, []).size).toBe(0);
  });
});
