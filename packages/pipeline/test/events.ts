import type { ScheduleAgentData, Shift, TimeOffData, WfmEvent } from '@wfm-sync/domain';

/** WFM events and desired states for pipeline tests: each event gets a fresh id. */

let eventCounter = 0;

function occurredAt(sequence: number): string {
  return new Date(Date.UTC(2026, 10, 22, 9, 0, 0, sequence)).toISOString();
}

export function timeOffEvent(orgId: string, data: TimeOffData, sequence: number): WfmEvent {
  eventCounter += 1;
  return {
    id: `evt_timeoff_${sequence}_${eventCounter}`,
    type: 'timeoff.upserted',
    orgId,
    occurredAt: occurredAt(sequence),
    sequence,
    data,
  };
}

/** Two approved days of leave for `agent`, under `externalId`. */
export function timeOffData(
  agent: { id: string; managementUnitId: string },
  externalId: string,
): TimeOffData {
  return {
    externalId,
    managementUnitId: agent.managementUnitId,
    userId: agent.id,
    activityCodeId: 'ac-vacation',
    status: 'APPROVED',
    fullDayManagementUnitDates: ['2026-12-01', '2026-12-02'],
    notes: 'Annual leave',
  };
}

export function scheduleEvent(orgId: string, data: ScheduleAgentData, sequence = 1): WfmEvent {
  eventCounter += 1;
  return {
    id: `evt_sch_${eventCounter}`,
    type: 'schedule.agent.updated',
    orgId,
    occurredAt: occurredAt(sequence),
    sequence,
    data,
  };
}

/** A week of `days` shifts of `minutes`, from the week's Monday 02:00 UTC (distinct per variant). */
export function weekOfShifts(weekId: string, minutes: number, days = 3, code = 'ac-work'): Shift[] {
  const monday = Date.parse(`${weekId}T00:00:00Z`);
  return Array.from({ length: days }, (_, d) => {
    const startDate = new Date(monday + d * 86_400_000 + 2 * 3_600_000).toISOString();
    return {
      startDate,
      lengthMinutes: minutes,
      activities: [{ activityCodeId: code, startDate, lengthMinutes: minutes }],
    };
  });
}
