import { describe, expect, it } from 'vitest';
import { createPrng } from '../prng.js';
import { decideFault } from './decide.js';
import { sampleLatencyMs } from './latency.js';
import { parseFaultProfile } from './profile.js';

describe('sampleLatencyMs', () => {
  it('has the requested median and 99th percentile', () => {
    const prng = createPrng(11);
    const samples = Array.from({ length: 20_000 }, () =>
      sampleLatencyMs(prng, { p50Ms: 180, p99Ms: 900 }),
    ).sort((a, b) => a - b);
    const p50 = samples[10_000] as number;
    const p99 = samples[19_800] as number;
    expect(p50).toBeGreaterThan(170);
    expect(p50).toBeLessThan(190);
    expect(p99).toBeGreaterThan(800);
    expect(p99).toBeLessThan(1000);
    expect(sampleLatencyMs(prng, { p50Ms: 0, p99Ms: 0 })).toBe(0);
  });
});

describe('decideFault', () => {
  it('splits requests between the fault kinds at their rates', () => {
    const prng = createPrng(5);
    const profile = parseFaultProfile({
      error5xxRate: 0.1,
      timeoutRate: 0.05,
      dropConnectionRate: 0.05,
      concurrentModification: { rate: 0.5 },
    });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const kind = decideFault(prng, profile, { stateChanging: true, now: 0 }).kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    expect((counts.error5xx ?? 0) / 20_000).toBeCloseTo(0.1, 1);
    expect((counts.timeout ?? 0) / 20_000).toBeCloseTo(0.05, 1);
    expect((counts.drop ?? 0) / 20_000).toBeCloseTo(0.05, 1);
    expect((counts.concurrentModification ?? 0) / 20_000).toBeCloseTo(0.4, 1);
  });

  it('opens the publishing window only for state-changing requests and only until untilMs', () => {
    const profile = parseFaultProfile({ concurrentModification: { rate: 1, untilMs: 1000 } });
    const prng = createPrng(1);
    expect(decideFault(prng, profile, { stateChanging: false, now: 0 }).kind).toBe('none');
    expect(decideFault(prng, profile, { stateChanging: true, now: 999 }).kind).toBe('concurrentModification');
    expect(decideFault(prng, profile, { stateChanging: true, now: 1000 }).kind).toBe('none');
  });

  it('fills every default of a partial profile and rejects nonsense', () => {
    expect(parseFaultProfile({ admin: { campaignEditsPerMinute: 2 } }).admin).toEqual({
      campaignEditsPerMinute: 2,
      timeOffResavesPerMinute: 0,
    });
    expect(() => parseFaultProfile({ error5xxRate: 1.5 })).toThrow();
    expect(() => parseFaultProfile({ latency: { p50Ms: 500, p99Ms: 100 } })).toThrow();
    expect(() => parseFaultProfile({ flapping: { trunkIds: [], minDwellMs: 10, maxDwellMs: 5 } })).toThrow();
  });
});
