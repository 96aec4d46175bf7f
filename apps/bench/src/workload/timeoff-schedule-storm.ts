import type { WfmEvent } from '@wfm-sync/domain';
import { generateScheduleStorm, generateTimeOffStorm } from '@wfm-sync/local-stack';
import type { SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { scheduleAgentExpectation, timeOffExpectation } from './timeoff-schedule-expectations.js';
import type { TimedDelivery, Workload } from './types.js';

export interface TimeOffScheduleStormOptions {
  seed: number;
  /** The deliveries are spread evenly over this time. */
  feedMs: number;
  timeOff: { externalIds: number; eventsPerId: number; cancelRate: number };
  schedules: { schedules: number; agentsPerSchedule: number; eventsPerAgent: number };
  /** Share of events delivered twice (same event id). */
  duplicateRate: number;
  /** Share of events swapped with a neighbour of the same key (late arrival). */
  outOfOrderRate: number;
}

/** Both lists in one, each keeping its order, spread evenly through each other. */
function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (i + 0.5) / a.length <= (j + 0.5) / b.length);
    merged.push(takeA ? a[i++]! : b[j++]!);
  }
  return merged;
}

/**
 * A publishing window with time-off traffic: the demo's time-off storm (status and date changes, some canceled) and
 * its schedule storm (every agent of some schedules gets new weeks), interleaved and spread over `feedMs`, with
 * redeliveries and late arrivals. What Genesys must end with: one request per external id at its highest-sequence
 * event, and every agent at the shifts of its highest-sequence event.
 */
export function generateTimeOffScheduleWorkload(
  fixture: SimFixture,
  options: TimeOffScheduleStormOptions,
): Workload {
  const timeOff = generateTimeOffStorm(fixture, {
    seed: options.seed,
    ...options.timeOff,
    duplicateRate: options.duplicateRate,
    outOfOrderRate: options.outOfOrderRate,
  });
  const schedules = generateScheduleStorm(fixture, {
    seed: options.seed,
    ...options.schedules,
    duplicateRate: options.duplicateRate,
    outOfOrderRate: options.outOfOrderRate,
  });
  const events: WfmEvent[] = interleave(timeOff.deliveries, schedules.deliveries);
  const deliveries: TimedDelivery[] = events.map((event, k) => ({
    atMs: Math.floor((k * options.feedMs) / Math.max(1, events.length)),
    event,
  }));
  return {
    deliveries,
    expectations: [
      ...[...timeOff.expected.values()].map(({ orgId, data }) => timeOffExpectation(orgId, data)),
      ...[...schedules.expected.values()].map(({ orgId, data }) => scheduleAgentExpectation(orgId, data)),
    ],
  };
}
