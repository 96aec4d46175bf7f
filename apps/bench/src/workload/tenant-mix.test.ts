import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { generateTenantMixWorkload } from './tenant-mix.js';

const fixture = generateFixture({
  seed: 5,
  orgs: 3,
  trunks: 9,
  agents: 60,
  managementUnitsPerOrg: 2,
  weekIds: ['2026-11-23', '2026-11-30'],
  regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1'],
});
const options = {
  seed: 5,
  feedMs: 3_000,
  agentEvents: 120,
  timeOff: { externalIds: 4, eventsPerId: 3, cancelRate: 0.2 },
  schedules: { schedules: 2, agentsPerSchedule: 5, eventsPerAgent: 2 },
  duplicateRate: 0.1,
  outOfOrderRate: 0.05,
};

describe('generateTenantMixWorkload', () => {
  it('gives every org its own agents, campaigns, time-off and schedules to converge', () => {
    const { expectations } = generateTenantMixWorkload(fixture, options);
    for (const org of fixture.orgs) {
      const mine = expectations.filter((e) => e.orgId === org.id);
      const count = (kind: string) => mine.filter((e) => e.kind === kind).length;
      expect(count('agent'), org.id).toBe(20);
      expect(count('campaign'), org.id).toBeGreaterThan(0);
      expect(count('timeoff'), org.id).toBe(4);
      expect(count('schedule'), org.id).toBe(10);
      // Two schedules, each one write unit for the lower bound.
      expect(new Set(mine.filter((e) => e.kind === 'schedule').map((e) => e.writeUnit)).size).toBe(2);
      expect(new Set(mine.map((e) => e.label)).size, org.id).toBe(mine.length);
    }
  });

  it('mixes every kind through the feed, in time order, with no event id shared by two events', () => {
    const { deliveries } = generateTenantMixWorkload(fixture, options);
    expect(deliveries.every((d, i) => i === 0 || d.atMs >= deliveries[i - 1]!.atMs)).toBe(true);
    expect(deliveries.at(-1)!.atMs).toBeLessThan(3_000);
    const byId = new Map<string, string>();
    for (const { event } of deliveries) {
      const body = JSON.stringify(event);
      expect(byId.get(event.id) ?? body, event.id).toBe(body);
      byId.set(event.id, body);
    }
    const half = Math.floor(deliveries.length / 2);
    for (const part of [deliveries.slice(0, half), deliveries.slice(half)]) {
      expect(new Set(part.map((d) => d.event.type))).toEqual(
        new Set(['agent.capacity.updated', 'timeoff.upserted', 'schedule.agent.updated']),
      );
      expect(new Set(part.map((d) => d.event.orgId)).size).toBe(3);
    }
  });

  it('is the same workload for the same seed', () => {
    const a = JSON.stringify(generateTenantMixWorkload(fixture, options).deliveries);
    expect(JSON.stringify(generateTenantMixWorkload(fixture, options).deliveries)).toBe(a);
  });
});
