import type { SimFixture } from '@wfm-sync/local-stack/gc-sim';
import { generateAgentStormWorkload } from './agent-storm.js';
import { generateTimeOffScheduleWorkload } from './timeoff-schedule-storm.js';
import type { TimedDelivery, Workload } from './types.js';

export interface TenantMixOptions {
  seed: number;
  /** Every kind of traffic is spread over this time. */
  feedMs: number;
  /** Agent capacity deliveries over every agent of every org, duplicates included. */
  agentEvents: number;
  /** Time-off of each org (its own external ids on its own agents). */
  timeOff: { externalIds: number; eventsPerId: number; cancelRate: number };
  /** Schedules of each org (its first `schedules` schedules). */
  schedules: { schedules: number; agentsPerSchedule: number; eventsPerAgent: number };
  /** Share of events delivered twice (same event id). */
  duplicateRate: number;
  /** Share of events swapped with a neighbour of the same key (late arrival). */
  outOfOrderRate: number;
}

/**
 * Each org's own seed for its time-off and schedule storm: the storms name their external ids and event ids after
 * the seed, so one seed for every org would give different orgs the same ids.
 */
export function orgSeed(seed: number, orgIndex: number): number {
  return seed * 1_000 + orgIndex;
}

/**
 * Mixed traffic for many orgs: the agent storm over every agent (with the campaign pacing it drives) and, for each
 * org, its own time-off and schedule storm, all spread over the same `feedMs`. The final-state checks are the
 * storms' own (agent utilization, campaign lines, one time-off request per external id at its last event, every
 * schedule agent at its last shifts). Deterministic for a seed.
 */
export function generateTenantMixWorkload(fixture: SimFixture, options: TenantMixOptions): Workload {
  const disorder = { duplicateRate: options.duplicateRate, outOfOrderRate: options.outOfOrderRate };
  const agents = generateAgentStormWorkload(fixture, {
    seed: options.seed,
    events: options.agentEvents,
    feedMs: options.feedMs,
    ...disorder,
  });
  // One org at a time: the storms spread external ids and schedules over the fixture's orgs in order, so a whole
  // fixture would give the first orgs everything.
  const perOrg = fixture.orgs.map((org, index) =>
    generateTimeOffScheduleWorkload(
      { ...fixture, orgs: [org] },
      {
        seed: orgSeed(options.seed, index),
        feedMs: options.feedMs,
        timeOff: options.timeOff,
        schedules: options.schedules,
        ...disorder,
      },
    ),
  );
  // A stable sort keeps each storm's own order (its redeliveries and late arrivals) among deliveries of one time.
  const deliveries: TimedDelivery[] = [agents.deliveries, ...perOrg.map((w) => w.deliveries)]
    .flat()
    .sort((a, b) => a.atMs - b.atMs);
  return {
    deliveries,
    expectations: [...agents.expectations, ...perOrg.flatMap((w) => w.expectations)],
  };
}
