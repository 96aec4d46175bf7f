import { type ScheduleAgentData, type Shift, scheduleKeyId, type WfmEvent } from '@wfm-sync/domain';
import type { SimFixture } from '@wfm-sync/gc-sim';
import { disorder } from './disorder.js';
import { seededRandom } from './rng.js';

export interface ScheduleStormOptions {
  seed: number;
  /** Schedules taken from the fixture's business units (all orgs, in order). @defaultValue every schedule */
  schedules?: number;
  /** Agents per schedule: each schedule takes the next agents of its business unit, so schedules share none while there are enough. */
  agentsPerSchedule: number;
  eventsPerAgent: number;
  /** Share of events delivered twice (same event id: the pipeline must count it a duplicate). @defaultValue 0 */
  duplicateRate?: number;
  /** Share of events swapped with a neighbour of the same agent and schedule (late arrival). @defaultValue 0 */
  outOfOrderRate?: number;
}

export interface ScheduleStormSchedule {
  orgId: string;
  businessUnitId: string;
  weekId: string;
  scheduleId: string;
}

export interface ScheduleStorm {
  schedules: ScheduleStormSchedule[];
  /** Deliveries in sending order (duplicates included). */
  deliveries: WfmEvent[];
  /** `scheduleStormKey(...)` → the data of the agent's highest-sequence event: what Genesys must end with. */
  expected: Map<string, { orgId: string; data: ScheduleAgentData }>;
}

/** The key of `ScheduleStorm.expected`: one agent in one schedule. */
export function scheduleStormKey(
  orgId: string,
  data: Pick<ScheduleAgentData, 'businessUnitId' | 'weekId' | 'scheduleId' | 'userId'>,
): string {
  return `${orgId}/${scheduleKeyId(data.businessUnitId, data.weekId, data.scheduleId)}/${data.userId}`;
}

const DAY_MS = 86_400_000;

/**
 * A publishing run of `schedule.agent.updated` events: every agent of every chosen schedule gets `eventsPerAgent`
 * new weeks (1–5 shifts of 4–10 hours, some with a break), with increasing sequence, interleaved across agents and
 * schedules as a WFM system publishing several schedules at once would send them, with redeliveries and
 * out-of-order arrivals. Deterministic for a seed.
 */
export function generateScheduleStorm(fixture: SimFixture, options: ScheduleStormOptions): ScheduleStorm {
  const random = seededRandom(options.seed);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const schedules = fixture.orgs
    .flatMap((org) =>
      org.businessUnits.flatMap((bu) =>
        bu.schedules.map((s) => ({ org, bu, weekId: s.weekId, scheduleId: s.scheduleId })),
      ),
    )
    .slice(0, options.schedules);
  const taken = new Map<string, number>();

  const perKey: WfmEvent[][] = [];
  for (const { org, bu, weekId, scheduleId } of schedules) {
    const units = new Set(org.managementUnits.filter((mu) => mu.businessUnitId === bu.id).map((mu) => mu.id));
    const agents = org.agents.filter((agent) => units.has(agent.managementUnitId));
    if (agents.length === 0) throw new Error(`business unit ${bu.id} of org ${org.id} has no agents`);
    const work = org.activityCodeIds[0]!;
    const pause = org.activityCodeIds[1] ?? work;
    const first = taken.get(bu.id) ?? 0;
    taken.set(bu.id, first + options.agentsPerSchedule);
    for (let a = 0; a < options.agentsPerSchedule; a++) {
      const agent = agents[(first + a) % agents.length]!;
      perKey.push(
        Array.from({ length: options.eventsPerAgent }, (_, e) => {
          const data: ScheduleAgentData = {
            businessUnitId: bu.id,
            managementUnitId: agent.managementUnitId,
            weekId,
            scheduleId,
            userId: agent.id,
            shifts: randomWeek(weekId, between, work, pause),
          };
          return {
            id: `evt_sch_${options.seed}_${scheduleId}_${a}_${e}`,
            type: 'schedule.agent.updated' as const,
            orgId: org.id,
            occurredAt: new Date(Date.UTC(2026, 10, 20, 9, 0, 0) + e * 1000 + a).toISOString(),
            sequence: 5000 + e,
            data,
          };
        }),
      );
    }
  }

  const { deliveries, finals } = disorder(perKey, random, {
    duplicateRate: options.duplicateRate ?? 0,
    outOfOrderRate: options.outOfOrderRate ?? 0,
  });
  const expected = new Map<string, { orgId: string; data: ScheduleAgentData }>();
  for (const last of finals) {
    if (last.type === 'schedule.agent.updated')
      expected.set(scheduleStormKey(last.orgId, last.data), { orgId: last.orgId, data: last.data });
  }
  return {
    schedules: schedules.map(({ org, bu, weekId, scheduleId }) => ({
      orgId: org.id,
      businessUnitId: bu.id,
      weekId,
      scheduleId,
    })),
    deliveries,
    expected,
  };
}

function randomWeek(
  weekId: string,
  between: (min: number, max: number) => number,
  work: string,
  pause: string,
): Shift[] {
  const monday = Date.parse(`${weekId}T00:00:00Z`);
  const days = between(1, 5);
  return Array.from({ length: days }, (_, day) => {
    const start = monday + day * DAY_MS + between(0, 8) * 1_800_000;
    const minutes = between(8, 20) * 30;
    const startDate = new Date(start).toISOString();
    if (minutes < 360 || between(0, 1) === 0) {
      return {
        startDate,
        lengthMinutes: minutes,
        activities: [{ activityCodeId: work, startDate, lengthMinutes: minutes }],
      };
    }
    // A break in the middle: work, break of 30 minutes, work.
    const half = Math.floor(minutes / 60) * 30;
    const breakStart = start + half * 60_000;
    const resume = breakStart + 30 * 60_000;
    return {
      startDate,
      lengthMinutes: minutes,
      activities: [
        { activityCodeId: work, startDate, lengthMinutes: half },
        { activityCodeId: pause, startDate: new Date(breakStart).toISOString(), lengthMinutes: 30 },
        {
          activityCodeId: work,
          startDate: new Date(resume).toISOString(),
          lengthMinutes: minutes - half - 30,
        },
      ],
    };
  });
}
