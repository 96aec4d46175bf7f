import { describe, expect, it } from 'vitest';
import { roundRatios, spread } from './ingest-floor.js';
import type { IngestPhase } from './types.js';

const leg = (requestsPerSecond: number, eventsPerSecond: number, p99Ms: number): IngestPhase => ({
  requestsPerSecond,
  eventsPerSecond,
  p50Ms: 1,
  p99Ms,
  requests: 1,
  non2xx: 0,
  errors: 0,
  durationS: 1,
});

describe('ingest against its floor', () => {
  it('divides each ingest leg by the floor of its own round', () => {
    expect(
      roundRatios({
        floor: leg(40_000, 40_000, 3),
        single: leg(6_000, 6_000, 20),
        batch: leg(250, 25_000, 90),
        floorFixedRate: leg(1_000, 1_000, 2),
        fixedRate: leg(1_000, 1_000, 9),
      }),
    ).toEqual({ single: 0.15, batch: 0.625, p99ExcessMs: 7 });
  });

  it('leaves out what a profiling round did not measure', () => {
    expect(roundRatios({ floor: leg(0, 0, 1), single: leg(10, 10, 1) })).toEqual({
      single: undefined,
      batch: undefined,
      p99ExcessMs: undefined,
    });
  });

  it('takes the median, min and max of the rounds that have a value', () => {
    expect(spread([0.3, undefined, 0.1, 0.2])).toEqual({ median: 0.2, min: 0.1, max: 0.3 });
    expect(spread([undefined])).toBeUndefined();
  });
});
