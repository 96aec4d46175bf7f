import { fileURLToPath } from 'node:url';
import { testRedisUrl } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { type CompareBuildsOptions, compareBuilds, renderComparison } from './build-ab.js';

/** The same build twice (the test task builds first): the comparison, not a difference, is under test. */
async function compareWithItself(
  options: Pick<CompareBuildsOptions, 'rate' | 'rounds'> & Partial<CompareBuildsOptions>,
) {
  const build = fileURLToPath(new URL('../../../ingest/dist/main.js', import.meta.url));
  return compareBuilds({
    builds: [build, build],
    redisUrl: await testRedisUrl(),
    seconds: 1,
    redisDelayMs: 0,
    warmupS: 0.5,
    ...options,
  });
}

describe('two ingest builds side by side at a paced rate', () => {
  it("runs both in alternating slices behind a Redis held 3 ms each way, and the proxy is on every webhook's path", async () => {
    const comparison = await compareWithItself({ rate: 200, rounds: 2, redisDelayMs: 3 });
    expect(comparison.rounds).toHaveLength(2);
    expect(comparison.relayed).toBeGreaterThan(0);
    for (const side of comparison.rounds.flat()) {
      expect(side.failed).toBe(0);
      expect(side.requests).toBeGreaterThanOrEqual(190);
      // Through the proxy a webhook's two sequential round trips (the claim with the store, then the enqueue) take
      // at least 6 ms each; on loopback its p50 is 2–5 ms.
      expect(side.p50Ms).toBeGreaterThanOrEqual(12);
    }
    const table = renderComparison(comparison);
    expect(table).toContain('holding its traffic 3 ms each way');
    expect(table.match(/^\| [12] \| [AB] \|/gm)).toHaveLength(4);
    expect(table).toMatch(/B lower than A: p50 in [0-2] of 2 rounds/);
  }, 60_000);

  it('with a tracing ratio the builds run traced: their spans reach the sink, and the table says so', async () => {
    const comparison = await compareWithItself({ rate: 100, rounds: 1, tracingRatio: 1 });
    for (const side of comparison.rounds.flat()) expect(side.failed).toBe(0);
    // Some 75 deliveries per build (and those of its warm-up) of about three spans each: they leave as export batches
    // fill, at the SDK's 5 s timer, and when each build shuts down.
    expect(comparison.tracing?.ratio).toBe(1);
    expect(comparison.tracing?.requests).toBeGreaterThanOrEqual(2);
    expect(renderComparison(comparison)).toContain('Both traced, 100% sampled');
  }, 60_000);
});
