import type { Prng } from '../prng.js';

/** z-score of the 99th percentile of a standard normal. */
const Z99 = 2.3263;

/**
 * A log-normal latency with the given median and 99th percentile, capped at 5 × p99 so that one
 * unlucky draw cannot stall a test.
 */
export function sampleLatencyMs(prng: Prng, latency: { p50Ms: number; p99Ms: number }): number {
  const draw = prng.normal();
  if (latency.p50Ms <= 0) return 0;
  const sigma = Math.log(Math.max(latency.p99Ms, latency.p50Ms) / latency.p50Ms) / Z99;
  return Math.min(latency.p50Ms * Math.exp(sigma * draw), latency.p99Ms * 5);
}
