import { generateFixture } from '@wfm-sync/gc-sim';
import { describe, expect, it } from 'vitest';
import { generateAgentStorm, generateTimeOffStorm } from '../src/index.js';

const fixture = generateFixture({ seed: 3, orgs: 2, trunks: 6, agents: 40 });

describe('agent storm', () => {
  const options = { seed: 9, agents: 40, eventsPerAgent: 6, duplicateRate: 0.2, outOfOrderRate: 0.2 };

  it('is the same storm for the same seed', () => {
    expect(generateAgentStorm(fixture, options)).toEqual(generateAgentStorm(fixture, options));
    expect(generateAgentStorm(fixture, { ...options, seed: 10 }).deliveries).not.toEqual(
      generateAgentStorm(fixture, options).deliveries,
    );
  });

  it("expects each agent's highest-sequence event, whatever order and duplicates the deliveries have", () => {
    const storm = generateAgentStorm(fixture, options);
    expect(storm.expected.size).toBe(40);
    const unique = new Map(storm.deliveries.map((event) => [event.id, event]));
    expect(unique.size).toBe(40 * 6);
    expect(storm.deliveries.length).toBeGreaterThan(unique.size);
    for (const [userId, { data }] of storm.expected) {
      const highest = [...unique.values()]
        .filter((e) => e.type === 'agent.capacity.updated' && e.data.userId === userId)
        .sort((a, b) => b.sequence - a.sequence)[0];
      expect(highest?.data).toEqual(data);
    }
    // Some events of a key really arrive out of order.
    const sequences = new Map<string, number[]>();
    for (const event of storm.deliveries)
      if (event.type === 'agent.capacity.updated')
        sequences.set(event.data.userId, [...(sequences.get(event.data.userId) ?? []), event.sequence]);
    const reordered = [...sequences.values()].filter((seq) => seq.some((s, i) => i > 0 && s < seq[i - 1]!));
    expect(reordered.length).toBeGreaterThan(0);
  });
});

describe('time-off storm', () => {
  it('gives every external id an expected final value', () => {
    const storm = generateTimeOffStorm(fixture, {
      seed: 4,
      externalIds: 20,
      eventsPerId: 3,
      duplicateRate: 0.1,
      outOfOrderRate: 0.1,
      cancelRate: 0.2,
    });
    expect(storm.expected.size).toBe(20);
    expect(new Set(storm.deliveries.map((e) => e.id)).size).toBe(60);
  });
});
