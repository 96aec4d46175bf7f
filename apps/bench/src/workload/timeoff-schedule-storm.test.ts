import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { generateTimeOffScheduleWorkload } from './timeoff-schedule-storm.js';

const WEEKS = ['2026-11-23', '2026-11-30'];
const fixture = generateFixture({
  seed: 5,
  orgs: 1,
  trunks: 2,
  agents: 40,
  managementUnitsPerOrg: 2,
  weekIds: WEEKS,
});
const options = {
  seed: 5,
  feedMs: 4_000,
  timeOff: { externalIds: 20, eventsPerId: 3, cancelRate: 0.2 },
  schedules: { schedules: 2, agentsPerSchedule: 10, eventsPerAgent: 2 },
  duplicateRate: 0.1,
  outOfOrderRate: 0.05,
};

describe('generateTimeOffScheduleWorkload', () => {
  it('expects one value per external id and per agent of each schedule, schedules as one write unit each', () => {
    const { expectations } = generateTimeOffScheduleWorkload(fixture, options);
    const timeOff = expectations.filter((e) => e.kind === 'timeoff');
    const schedule = expectations.filter((e) => e.kind === 'schedule');
    expect(timeOff).toHaveLength(20);
    expect(schedule).toHaveLength(20);
    expect(new Set(expectations.map((e) => e.label)).size).toBe(40);
    expect(timeOff.every((e) => e.writeUnit === undefined)).toBe(true);
    expect(new Set(schedule.map((e) => e.writeUnit)).size).toBe(2);
  });

  it('mixes both kinds through the whole feed, spread over the feed time', () => {
    const { deliveries } = generateTimeOffScheduleWorkload(fixture, options);
    const unique = new Set(deliveries.map((d) => d.event.id));
    expect(unique.size).toBe(20 * 3 + 20 * 2);
    expect(deliveries.length).toBeGreaterThan(unique.size);
    expect(deliveries.every((d, i) => i === 0 || d.atMs >= deliveries[i - 1]!.atMs)).toBe(true);
    expect(deliveries.at(-1)!.atMs).toBeLessThan(4_000);
    const half = Math.floor(deliveries.length / 2);
    for (const part of [deliveries.slice(0, half), deliveries.slice(half)]) {
      const types = new Set(part.map((d) => d.event.type));
      expect(types).toEqual(new Set(['timeoff.upserted', 'schedule.agent.updated']));
    }
  });

  it('is the same workload for the same seed', () => {
    const a = JSON.stringify(generateTimeOffScheduleWorkload(fixture, options).deliveries);
    expect(JSON.stringify(generateTimeOffScheduleWorkload(fixture, options).deliveries)).toBe(a);
  });
});
