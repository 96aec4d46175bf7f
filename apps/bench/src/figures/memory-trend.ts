import type { MemorySample, MemoryTrend } from './types.js';

/**
 * Start, warmed-up and end values of the soak's samples. "Warm" is the first sample once `warmUpShare` of the events
 * were sent: growth after it is what "flat memory" is judged on.
 */
export function memoryTrend(
  samples: readonly MemorySample[],
  totalEvents: number,
  warmUpShare: number,
): MemoryTrend | undefined {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return undefined;
  const warm = samples.find((s) => s.eventsSent >= totalEvents * warmUpShare) ?? last;
  return {
    workerRss: { start: first.workerRss, warm: warm.workerRss, end: last.workerRss },
    redisUsed: { start: first.redisUsed, warm: warm.redisUsed, end: last.redisUsed },
  };
}
