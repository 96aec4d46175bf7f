import { describe, expect, it } from 'vitest';
import { SimEvents } from './events.js';
import type { ScheduleOperation } from './state/schedules.js';

const operation: ScheduleOperation = {
  operationId: 'op-1',
  scheduleKey: 'bu/2026-01-05/s1',
  status: 'Complete',
  startedAt: 0,
  finishedAt: 1,
};
const finished = { orgId: 'o', buId: 'bu', weekId: '2026-01-05', scheduleId: 's1', operation };

describe('SimEvents', () => {
  it('delivers to every listener, reports one that throws, and stops after unsubscribing', () => {
    const failures: string[] = [];
    const events = new SimEvents((error, event) => failures.push(`${event}: ${(error as Error).message}`));
    const seen: string[] = [];
    events.on('scheduleOperationFinished', () => {
      throw new Error('listener broke');
    });
    const off = events.on('scheduleOperationFinished', (event) => seen.push(event.operation.operationId));
    events.emit('scheduleOperationFinished', finished);
    expect(seen).toEqual(['op-1']);
    expect(failures).toEqual(['scheduleOperationFinished: listener broke']);
    off();
    events.emit('scheduleOperationFinished', finished);
    expect(seen).toEqual(['op-1']);
  });
});
