import { describe, expect, it } from 'vitest';
import {
  type CurrentTimeOff,
  decideOnFailure,
  desiredTimeOffValues,
  extractTimeOffMarker,
  findMarkedTimeOff,
  formatPlan,
  planTimeOff,
  TIME_OFF_NOTES_MAX_LENGTH,
  type TimeOffData,
  timeOffMarker,
  timeOffNotes,
  timeOffOverlaps,
  timeOffPatchFields,
} from '../src/index.js';

const data: TimeOffData = {
  externalId: 'zd-ticket-88121',
  managementUnitId: 'mu-sg',
  userId: 'u1',
  activityCodeId: 'ac-vacation',
  status: 'APPROVED',
  fullDayManagementUnitDates: ['2026-12-02', '2026-12-01'],
  notes: 'Annual leave',
};

function request(overrides: Partial<CurrentTimeOff> = {}): CurrentTimeOff {
  return {
    id: 'r1',
    userId: 'u1',
    status: 'APPROVED',
    activityCodeId: 'ac-vacation',
    fullDayManagementUnitDates: ['2026-12-01', '2026-12-02'],
    notes: 'Annual leave [wfm-sync:zd-ticket-88121]',
    version: 3,
    ...overrides,
  };
}

describe('the time-off marker', () => {
  it('is readable after the WFM note and round-trips any external id', () => {
    expect(timeOffNotes('Annual leave', 'zd-ticket-88121')).toBe('Annual leave [wfm-sync:zd-ticket-88121]');
    expect(timeOffNotes(undefined, 'zd-1')).toBe('[wfm-sync:zd-1]');
    for (const id of ['zd-ticket-88121', 'with space]and bracket', 'ünï/cödé:1'])
      expect(extractTimeOffMarker(`note ${timeOffMarker(id)}`)).toBe(id);
    expect(extractTimeOffMarker('no marker here')).toBeUndefined();
    expect(extractTimeOffMarker('[wfm-sync:%E0%A4%A]')).toBeUndefined();
  });
  it('shortens a long WFM note so that the marker always fits', () => {
    const notes = timeOffNotes('x'.repeat(5000), 'zd-1');
    expect(notes.length).toBe(TIME_OFF_NOTES_MAX_LENGTH);
    expect(notes.endsWith('… [wfm-sync:zd-1]')).toBe(true);
    expect(extractTimeOffMarker(notes)).toBe('zd-1');
  });
});

describe('planTimeOff', () => {
  it('creates when no request exists, naming every value', () => {
    const plan = planTimeOff({ orgId: 'o', desired: data });
    expect(plan.reason).toBe('first-sync');
    expect(plan.calls).toEqual([{ method: 'POST', resource: 'wfm-timeoff-request', target: 'mu-sg' }]);
    expect(plan.changes.map((c) => c.field)).toEqual([
      'status',
      'activityCodeId',
      'fullDayManagementUnitDates',
      'notes',
    ]);
    expect(formatPlan(plan)).toContain('timeoff zd-ticket-88121  status null → "APPROVED"');
  });
  it('never creates a canceled request: nothing to cancel', () => {
    const plan = planTimeOff({ orgId: 'o', desired: { ...data, status: 'CANCELED' } });
    expect(plan).toMatchObject({
      reason: 'in-step',
      calls: [],
      detail: 'nothing to cancel: no request exists',
    });
  });
  it('makes no call when Genesys matches (date order and an administrator re-save do not matter)', () => {
    const plan = planTimeOff({ orgId: 'o', desired: data, current: request({ version: 9 }) });
    expect(plan.reason).toBe('in-step');
    expect(plan.calls).toEqual([]);
  });
  it('patches only the differing fields, changed or drifted depending on what was last applied', () => {
    const current = request({ status: 'PENDING', notes: 'Annual leave' });
    const changed = planTimeOff({ orgId: 'o', desired: data, current });
    expect(changed.changes).toEqual([
      { field: 'status', current: 'PENDING', desired: 'APPROVED' },
      { field: 'notes', current: 'Annual leave', desired: 'Annual leave [wfm-sync:zd-ticket-88121]' },
    ]);
    expect(changed.calls).toEqual([{ method: 'PATCH', resource: 'wfm-timeoff-request', target: 'r1' }]);
    expect(changed.reason).toBe('first-sync');
    const desired = desiredTimeOffValues(data);
    expect(planTimeOff({ orgId: 'o', desired: data, current, lastApplied: desired }).reason).toBe('drifted');
    expect(
      planTimeOff({ orgId: 'o', desired: data, current, lastApplied: { ...desired, status: 'PENDING' } })
        .reason,
    ).toBe('changed');
    expect(timeOffPatchFields(desired, changed.changes)).toEqual({
      status: 'APPROVED',
      notes: 'Annual leave [wfm-sync:zd-ticket-88121]',
    });
  });
  it('cancels by status alone and leaves a canceled request alone', () => {
    const canceled = { ...data, status: 'CANCELED' as const, fullDayManagementUnitDates: ['2027-01-01'] };
    const plan = planTimeOff({ orgId: 'o', desired: canceled, current: request() });
    expect(plan.changes).toEqual([{ field: 'status', current: 'APPROVED', desired: 'CANCELED' }]);
    expect(
      planTimeOff({ orgId: 'o', desired: canceled, current: request({ status: 'CANCELED' }) }).calls,
    ).toEqual([]);
  });
});

describe('finding requests', () => {
  it('adopts the live request carrying the marker before a canceled one', () => {
    const requests = [
      request({ id: 'a', status: 'CANCELED' }),
      request({ id: 'b' }),
      request({ id: 'c', notes: 'someone else' }),
    ];
    expect(findMarkedTimeOff('zd-ticket-88121', requests)?.id).toBe('b');
    expect(findMarkedTimeOff('zd-ticket-88121', [requests[0]!])?.id).toBe('a');
    expect(findMarkedTimeOff('zd-other', requests)).toBeUndefined();
  });
  it('tells foreign overlaps from other WFM records and ignores its own, canceled and other days', () => {
    const requests = [
      request({ id: 'own' }),
      request({
        id: 'foreign',
        notes: 'entered by a supervisor',
        fullDayManagementUnitDates: ['2026-12-02'],
      }),
      request({ id: 'other', notes: '[wfm-sync:zd-2]', fullDayManagementUnitDates: ['2026-12-01'] }),
      request({ id: 'canceled', notes: 'x', status: 'CANCELED' }),
      request({ id: 'later', notes: 'x', fullDayManagementUnitDates: ['2026-12-09'] }),
      request({
        id: 'partial',
        notes: 'x',
        fullDayManagementUnitDates: [],
        partialDayStartDateTimes: ['2026-12-01T13:00:00Z'],
      }),
      request({ id: 'someone-else', userId: 'u2', notes: 'x' }),
    ];
    const overlaps = timeOffOverlaps('zd-ticket-88121', 'u1', ['2026-12-01', '2026-12-02'], requests);
    expect(overlaps.map((o) => [o.request.id, o.owner, o.externalId])).toEqual([
      ['foreign', 'foreign', undefined],
      ['other', 'other-external-id', 'zd-2'],
      ['partial', 'foreign', undefined],
    ]);
  });
});

describe('dead-letter reasons chosen by a reconciler', () => {
  it('name the dead letter; retryable kinds ignore them', () => {
    const ctx = { attemptsMade: 1, maxAttempts: 5, random: () => 0.5 };
    expect(
      decideOnFailure({ ...ctx, kind: 'invalid', deadLetterReason: 'overlaps-foreign-request' }),
    ).toEqual({
      action: 'dead-letter',
      reason: 'overlaps-foreign-request',
    });
    expect(decideOnFailure({ ...ctx, kind: 'invalid' })).toEqual({
      action: 'dead-letter',
      reason: 'invalid',
    });
    expect(decideOnFailure({ ...ctx, kind: 'conflict', deadLetterReason: 'x' }).action).toBe('retry');
  });
});
