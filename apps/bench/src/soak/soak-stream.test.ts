import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { describe, expect, it } from 'vitest';
import { soakBatches, soakExpectations } from './soak-stream.js';

const fixture = generateFixture({ seed: 3, orgs: 2, trunks: 15, agents: 30 });
const options = { seed: 3, events: 2_050, batchSize: 100, duplicateRate: 0.1 };

describe('soakBatches', () => {
  it('yields exactly the events asked for, in batches, with redeliveries from the previous batch', () => {
    const batches = [...soakBatches(fixture, options)];
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(2_050);
    expect(batches.at(-1)).toHaveLength(50);
    const second = batches[1]!;
    const firstIds = new Set(batches[0]!.map((e) => e.id));
    expect(second.filter((e) => firstIds.has(e.id))).toHaveLength(10);
  });

  it('is the same stream again for the same options, so expectations can be computed before the feed', () => {
    expect(JSON.stringify([...soakBatches(fixture, options)])).toBe(
      JSON.stringify([...soakBatches(fixture, options)]),
    );
    const expectations = soakExpectations(fixture, options);
    expect(expectations.filter((e) => e.kind === 'agent')).toHaveLength(30);
  });
});
