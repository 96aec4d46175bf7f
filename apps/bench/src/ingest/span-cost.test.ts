import { describe, expect, it } from 'vitest';
import { measureSpanCosts } from './span-cost.js';

describe('the SDK step costs (decision 034)', () => {
  it('measures sampled spans that really were sampled, and unsampled ones that were not', async () => {
    const calls = 2_000;
    const rounds = 3;
    const costs = await measureSpanCosts({ calls, rounds });
    // Warm-up and every round of the sampled step ended a span; the unsampled steps ended none (it throws if one
    // of them recorded).
    expect(costs.endedSpans).toBe(calls / 10 + calls * rounds);
    expect(costs.bytesPerSpan).toBeGreaterThan(100);
    for (const us of [costs.unsampledRequestSpanUs, costs.sampledSpanUs, costs.serializeUsPerSpan])
      expect(us).toBeGreaterThan(0);
    expect(Number.isFinite(costs.contextSwitchUs)).toBe(true);
  });
});
