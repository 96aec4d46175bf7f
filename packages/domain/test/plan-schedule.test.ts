import { describe, expect, it } from 'vitest';
import {
  describeShifts,
  normalizeShifts,
  planScheduleUpload,
  type ScheduleAgentInput,
  type Shift,
  sameShifts,
  splitUploads,
  uploadEntryBytes,
} from '../src/index.js';

const key = { orgId: 'o', kind: 'schedule' as const, id: 'bu/2026-11-23/sch' };

function shift(day: number, minutes = 480, code = 'ac-work'): Shift {
  const startDate = new Date(Date.UTC(2026, 10, 23 + day, 1)).toISOString().replace('.000Z', 'Z');
  return {
    startDate,
    lengthMinutes: minutes,
    activities: [{ activityCodeId: code, startDate, lengthMinutes: minutes }],
  };
}

function agent(
  userId: string,
  desired: Shift[],
  current?: ScheduleAgentInput['current'],
): ScheduleAgentInput {
  return { userId, managementUnitId: 'mu', rev: 2, desired, current };
}

describe('shift comparison', () => {
  it('ignores what Genesys adds, the order of shifts and activities, and the notation of instants', () => {
    const desired = [shift(0), shift(1)];
    const fromGenesys = [
      {
        id: 'x1',
        startDate: '2026-11-24T01:00:00.000Z',
        lengthMinutes: 480,
        manuallyEdited: false,
        activities: [
          {
            activityCodeId: 'ac-work',
            startDate: '2026-11-24T01:00:00.000Z',
            lengthMinutes: 480,
            paid: true,
          },
        ],
      },
      {
        id: 'x0',
        startDate: '2026-11-23T01:00:00Z',
        lengthMinutes: 480,
        activities: [{ activityCodeId: 'ac-work', startDate: '2026-11-23T01:00:00Z', lengthMinutes: 480 }],
      },
    ];
    expect(sameShifts(desired, fromGenesys)).toBe(true);
    expect(normalizeShifts(fromGenesys)[0]).toEqual({
      startDate: '2026-11-23T01:00:00.000Z',
      lengthMinutes: 480,
      activities: [{ activityCodeId: 'ac-work', startDate: '2026-11-23T01:00:00.000Z', lengthMinutes: 480 }],
    });
  });
  it('tells a different length, activity code or missing shift apart', () => {
    expect(sameShifts([shift(0)], [shift(0, 240)])).toBe(false);
    expect(sameShifts([shift(0)], [shift(0, 480, 'ac-training')])).toBe(false);
    expect(sameShifts([shift(0), shift(1)], [shift(0)])).toBe(false);
    expect(sameShifts([], [])).toBe(true);
  });
  it('describes shifts in one short phrase', () => {
    expect(describeShifts([shift(1), shift(0)])).toBe('2 shifts, 960 min from 2026-11-23T01:00:00.000Z');
    expect(describeShifts([])).toBe('no shifts');
  });
});

describe('splitUploads', () => {
  it('cuts by count and by bytes, and sends an oversized entry alone', () => {
    const limits = { maxAgents: 3, maxBytes: 10 };
    expect(splitUploads([1, 2, 3, 4, 5, 6, 7], limits, () => 1)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(splitUploads([4, 4, 4, 20, 4], limits, (n) => n)).toEqual([[4, 4], [4], [20], [4]]);
    expect(splitUploads([], limits, () => 1)).toEqual([]);
  });
  it('measures an agent entry as the upload JSON carries it', () => {
    const desired = [shift(0)];
    const bytes = uploadEntryBytes({ userId: 'u1', desired, currentVersion: 3 });
    expect(bytes).toBe(
      JSON.stringify({ userId: 'u1', shifts: desired, metadata: { version: 3 } }).length + 1,
    );
  });
});

describe('planScheduleUpload', () => {
  it('leaves out agents already in step and uploads the rest in one upload with their versions', () => {
    const plan = planScheduleUpload({
      key,
      scheduleVersion: 7,
      agents: [
        agent('u1', [shift(0)], { shifts: [shift(0)], version: 4 }),
        agent('u2', [shift(1)], { shifts: [shift(0)], version: 2 }),
        agent('u3', [shift(2)]),
      ],
    });
    expect(plan.uploads).toEqual([['u2', 'u3']]);
    expect(plan.agents.map((a) => [a.userId, a.action, a.reason, a.currentVersion])).toEqual([
      ['u1', 'in-step', 'in-step', 4],
      ['u2', 'upload', 'first-sync', 2],
      ['u3', 'upload', 'first-sync', undefined],
    ]);
    expect(plan.calls).toEqual([
      { method: 'POST', resource: 'wfm-schedule-update', target: `${key.id} (2 agents)` },
    ]);
    expect(plan.changes[1]).toEqual({
      field: 'u3.shifts',
      current: 'not in the schedule',
      desired: '1 shift, 480 min from 2026-11-25T01:00:00.000Z',
    });
    expect(plan.scheduleVersion).toBe(7);
    expect(plan.reason).toBe('first-sync');
    expect(plan.detail).toBe('2 of 3 agents to upload in 1 upload (1 in-step, 2 first-sync)');
  });
  it('says changed or drifted from what wfm-sync last applied', () => {
    const current = { shifts: [shift(0)], version: 1 };
    const plan = planScheduleUpload({
      key,
      scheduleVersion: 1,
      agents: [
        { ...agent('u1', [shift(1)], current), lastAppliedEqualsDesired: false },
        { ...agent('u2', [shift(1)], current), lastAppliedEqualsDesired: true },
      ],
    });
    expect(plan.agents.map((a) => a.reason)).toEqual(['changed', 'drifted']);
    expect(plan.reason).toBe('changed');
  });
  it('splits above the size limit', () => {
    const agents = Array.from({ length: 5 }, (_, i) => agent(`u${i}`, [shift(i % 5)]));
    const plan = planScheduleUpload({
      key,
      scheduleVersion: 1,
      agents,
      limits: { maxAgents: 2, maxBytes: 1e6 },
    });
    expect(plan.uploads).toEqual([['u0', 'u1'], ['u2', 'u3'], ['u4']]);
    expect(plan.calls).toHaveLength(3);
  });
  it('has nothing to do without agents, or when every agent is in step', () => {
    expect(planScheduleUpload({ key, scheduleVersion: 1, agents: [] })).toMatchObject({
      reason: 'no-desired-state',
      calls: [],
      uploads: [],
    });
    const inStep = planScheduleUpload({
      key,
      scheduleVersion: 1,
      agents: [agent('u1', [], { shifts: [], version: 1 })],
    });
    expect(inStep).toMatchObject({ reason: 'in-step', calls: [], uploads: [], changes: [] });
  });
});
