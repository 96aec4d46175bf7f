import { describe, expect, it } from 'vitest';
import { roundRatios, sampledCpuShare, serverLoad, spread } from './ingest-floor.js';
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

  it('puts tracing on against off: throughput on ÷ off, p99 off ÷ on', () => {
    const round = {
      floor: leg(40_000, 40_000, 3),
      single: leg(6_000, 6_000, 20),
      batch: leg(250, 25_000, 90),
      floorFixedRate: leg(1_000, 1_000, 2),
      fixedRate: leg(1_000, 1_000, 9),
      traced: {
        single: leg(5_400, 5_400, 22),
        batch: leg(240, 24_000, 95),
        fixedRate: leg(1_000, 1_000, 12),
      },
    };
    expect(roundRatios(round).tracing).toEqual({ single: 0.9, batch: 0.96, p99: 0.75 });
    expect(roundRatios({ ...round, traced: { single: round.traced.single } }).tracing).toEqual({
      single: 0.9,
      batch: undefined,
      p99: undefined,
    });
    expect(roundRatios({ ...round, traced: undefined })).not.toHaveProperty('tracing');
  });

  it("reads tracing's CPU off the traced ingest against itself: unsampled and sampled deliveries (decision 034)", () => {
    const cpu = (requests: number, serverCpuS: number) => ({ ...leg(1_000, 1_000, 9), requests, serverCpuS });
    const round = {
      floor: leg(40_000, 40_000, 3),
      single: leg(6_000, 6_000, 20),
      fixedRate: cpu(10_000, 3),
      traced: { single: leg(5_400, 5_400, 22), sampled: cpu(10_000, 4.2), unsampled: cpu(10_000, 3.06) },
    };
    const { cpuUsPerDelivery } = roundRatios(round).tracing ?? {};
    expect(cpuUsPerDelivery?.off).toBeCloseTo(300);
    expect(cpuUsPerDelivery?.unsampled).toBeCloseTo(306);
    expect(cpuUsPerDelivery?.sampled).toBeCloseTo(420);
    // At 10%: a tenth of the 114 µs a sampled delivery costs beyond an unsampled one's 306 µs.
    expect(sampledCpuShare(cpuUsPerDelivery, 0.1)).toBeCloseTo(11.4 / 306);
    expect(sampledCpuShare({ ...cpuUsPerDelivery!, unsampled: undefined }, 0.1)).toBeUndefined();
    // Where no process CPU was read (not Linux), nothing is made up.
    const unread = { ...round, traced: { ...round.traced, sampled: leg(1_000, 1_000, 9) } };
    expect(roundRatios(unread).tracing?.cpuUsPerDelivery?.sampled).toBeUndefined();
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

  it("takes a fixed-rate leg's CPU time over its duration as its load (of one core)", () => {
    expect(serverLoad({ ...leg(1_000, 1_000, 9), durationS: 10, serverCpuS: 8.7 })).toBeCloseTo(0.87);
    expect(serverLoad(leg(1_000, 1_000, 9))).toBeUndefined();
    expect(serverLoad(undefined)).toBeUndefined();
  });
});
