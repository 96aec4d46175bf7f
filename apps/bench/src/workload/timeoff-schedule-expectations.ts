import { type ScheduleAgentData, scheduleKeyId, type TimeOffData } from '@wfm-sync/domain';
import { storedShiftsMatch, timeOffMismatch } from '@wfm-sync/local-stack';
import type { Expectation } from './types.js';

/** Exactly one request carries the external id's marker, with the values of its highest-sequence event. */
export function timeOffExpectation(orgId: string, data: TimeOffData): Expectation {
  return {
    orgId,
    kind: 'timeoff',
    label: `timeoff:${data.externalId}`,
    matches: async (sim) => timeOffMismatch(await sim.timeOffRequests(orgId), data) === undefined,
  };
}

/** The agent's shifts in the schedule are those of its highest-sequence event. */
export function scheduleAgentExpectation(orgId: string, data: ScheduleAgentData): Expectation {
  return {
    orgId,
    kind: 'schedule',
    label: `schedule:${data.scheduleId}/${data.userId}`,
    writeUnit: `schedule:${scheduleKeyId(data.businessUnitId, data.weekId, data.scheduleId)}`,
    matches: async (sim) => {
      const actual = await sim.agentSchedule(orgId, data);
      return actual !== undefined && storedShiftsMatch(actual.shifts, data.shifts);
    },
  };
}
