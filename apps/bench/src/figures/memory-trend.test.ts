import { describe, expect, it } from 'vitest';
import { memoryTrend } from './memory-trend.js';

describe('memoryTrend', () => {
  it('takes the first sample, the first one past the warm-up share, and the last', () => {
    const sample = (eventsSent: number, rss: number, redis: number) => ({
      atS: eventsSent / 100,
      eventsSent,
      workerRss: [rss],
      redisUsed: redis,
    });
    expect(
      memoryTrend([sample(0, 10, 1), sample(50, 20, 2), sample(150, 30, 3), sample(1000, 31, 4)], 1000, 0.1),
    ).toEqual({
      workerRss: { start: [10], warm: [30], end: [31] },
      redisUsed: { start: 1, warm: 3, end: 4 },
    });
    expect(memoryTrend([], 1000, 0.1)).toBeUndefined();
  });
});
