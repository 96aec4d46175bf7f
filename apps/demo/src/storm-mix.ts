import type { WfmEvent } from '@wfm-sync/domain';
import { generateAgentStorm, generateScheduleStorm, generateTimeOffStorm } from '@wfm-sync/local-stack';
import type { SimFixture } from '@wfm-sync/local-stack/gc-sim';
import type { DemoOptions } from './cli.js';

export interface StormMix {
  /** Every delivery, the three storms spread evenly over one another. */
  deliveries: WfmEvent[];
  counts: { agents: number; timeOff: number; schedules: number };
  /** Per org, the write units the storm changes (an agent, a time-off ticket, a schedule): the budget's floor. */
  changedByOrg: Map<string, number>;
}

/** The demo's peak hour: agent capacity changes, with time-off tickets and schedule publishing riding along. */
export function generateStormMix(fixture: SimFixture, options: DemoOptions): StormMix {
  const disorder = { duplicateRate: 0.1, outOfOrderRate: 0.05 };
  const agents = generateAgentStorm(fixture, {
    seed: options.seed,
    agents: options.agents,
    eventsPerAgent: options.eventsPerAgent,
    ...disorder,
  });
  const timeOff = generateTimeOffStorm(fixture, {
    seed: options.seed,
    externalIds: Math.max(10, Math.round(options.agents / 5)),
    eventsPerId: 3,
    cancelRate: 0.1,
    ...disorder,
  });
  const schedules = generateScheduleStorm(fixture, {
    seed: options.seed,
    agentsPerSchedule: Math.max(5, Math.round(options.agents / 10)),
    eventsPerAgent: 2,
    ...disorder,
  });
  const changedByOrg = new Map<string, number>();
  const count = (orgId: string) => changedByOrg.set(orgId, (changedByOrg.get(orgId) ?? 0) + 1);
  for (const { orgId } of [...agents.expected.values(), ...timeOff.expected.values()]) count(orgId);
  for (const { orgId } of schedules.schedules) count(orgId);
  return {
    deliveries: interleave([agents.deliveries, timeOff.deliveries, schedules.deliveries]),
    counts: {
      agents: agents.deliveries.length,
      timeOff: timeOff.deliveries.length,
      schedules: schedules.deliveries.length,
    },
    changedByOrg,
  };
}

/** Spreads several delivery sequences evenly over one, keeping each sequence's own order. */
function interleave<T>(sequences: readonly (readonly T[])[]): T[] {
  const total = sequences.reduce((n, s) => n + s.length, 0);
  const tagged = sequences.flatMap((sequence) =>
    sequence.map((item, i) => ({ item, at: ((i + 0.5) / sequence.length) * total })),
  );
  return tagged.sort((a, b) => a.at - b.at).map((t) => t.item);
}
