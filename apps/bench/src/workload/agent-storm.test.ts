import { compareEventOrder, type WfmEvent } from '@wfm-sync/domain';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { generateAgentStormWorkload } from './agent-storm.js';

const fixture = generateFixture({ seed: 7, orgs: 2, trunks: 15, agents: 40 });
const options = { seed: 7, events: 1_000, feedMs: 10_000, duplicateRate: 0.1, outOfOrderRate: 0.05 };

describe('generateAgentStormWorkload', () => {
  it('delivers exactly the number of events asked for, spread over the feed time', () => {
    const { deliveries } = generateAgentStormWorkload(fixture, options);
    expect(deliveries).toHaveLength(1_000);
    expect(deliveries[0]!.atMs).toBe(0);
    expect(deliveries.at(-1)!.atMs).toBeLessThan(10_000);
    expect(deliveries.every((d, i) => i === 0 || d.atMs >= deliveries[i - 1]!.atMs)).toBe(true);
  });

  it('redelivers 1 − 1/(1 + rate) of the deliveries with the same event id', () => {
    const { deliveries } = generateAgentStormWorkload(fixture, options);
    const ids = new Set(deliveries.map((d) => d.event.id));
    expect(deliveries.length - ids.size).toBe(1_000 - Math.round(1_000 / 1.1));
  });

  it('lets some events arrive after a newer event of the same key', () => {
    const { deliveries } = generateAgentStormWorkload(fixture, options);
    const newest = new Map<string, WfmEvent>();
    let late = 0;
    for (const { event } of deliveries) {
      if (event.type !== 'agent.capacity.updated') continue;
      const seen = newest.get(event.data.userId);
      if (seen && compareEventOrder(event, seen) < 0) late++;
      else newest.set(event.data.userId, event);
    }
    expect(late).toBeGreaterThan(0);
  });

  it('expects every agent at its highest-sequence event and every paced campaign', () => {
    const { deliveries, expectations } = generateAgentStormWorkload(fixture, options);
    const users = new Set(
      deliveries.flatMap(({ event }) => (event.type === 'agent.capacity.updated' ? [event.data.userId] : [])),
    );
    const agents = expectations.filter((e) => e.kind === 'agent');
    expect(agents.map((e) => e.label).sort()).toEqual([...users].map((id) => `agent:${id}`).sort());
    const campaigns = fixture.orgs.flatMap((org) => org.campaigns).length;
    expect(expectations.filter((e) => e.kind === 'campaign')).toHaveLength(campaigns);
  });

  it('is the same storm for the same seed, and another for another seed', () => {
    const a = JSON.stringify(generateAgentStormWorkload(fixture, options).deliveries);
    const b = JSON.stringify(generateAgentStormWorkload(fixture, options).deliveries);
    const c = JSON.stringify(generateAgentStormWorkload(fixture, { ...options, seed: 8 }).deliveries);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});
