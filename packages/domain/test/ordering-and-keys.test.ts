import { describe, expect, it } from 'vitest';
import { compareEventOrder, keyMember, parseScheduleKeyId, scheduleKeyId } from '../src/index.js';

describe('compareEventOrder', () => {
  const base = { sequence: 5, occurredAt: '2026-11-22T09:00:00.000Z', id: 'evt_b' };
  it('orders by sequence first, even against a later occurredAt', () => {
    expect(compareEventOrder({ ...base, sequence: 6, occurredAt: '2020-01-01T00:00:00Z' }, base)).toBe(1);
    expect(compareEventOrder(base, { ...base, sequence: 6 })).toBe(-1);
  });
  it('breaks sequence ties by occurredAt, comparing instants not strings', () => {
    expect(compareEventOrder({ ...base, occurredAt: '2026-11-22T09:00:00.001Z' }, base)).toBe(1);
    expect(compareEventOrder({ ...base, occurredAt: '2026-11-22T09:00:00Z', id: 'evt_c' }, base)).toBe(1);
  });
  it('breaks full ties by id and recognises the same event', () => {
    expect(compareEventOrder({ ...base, id: 'evt_c' }, base)).toBe(1);
    expect(compareEventOrder({ ...base, id: 'evt_a' }, base)).toBe(-1);
    expect(compareEventOrder(base, { ...base })).toBe(0);
  });
  it('orders sequences near 2^53 exactly', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(compareEventOrder({ ...base, sequence: max }, { ...base, sequence: max - 1 })).toBe(1);
  });
});

describe('schedule key ids', () => {
  it('round-trip parts that contain the separator', () => {
    const id = scheduleKeyId('bu/apac', '2026-11-23', 'sch 48');
    expect(parseScheduleKeyId(id)).toEqual({
      businessUnitId: 'bu/apac',
      weekId: '2026-11-23',
      scheduleId: 'sch 48',
    });
    expect(keyMember({ kind: 'schedule', id })).toBe(`schedule:${id}`);
  });
});
