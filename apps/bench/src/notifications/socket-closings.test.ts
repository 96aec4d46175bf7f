import { createLogger } from '@wfm-sync/observability';
import { describe, expect, it } from 'vitest';
import { announcementDueMs, announceSocketClosings } from './socket-closings.js';

const logger = createLogger({ service: 'bench-test', level: 'silent' });

describe('announcementDueMs', () => {
  it('spreads announcements evenly over the feed, never at its start or end', () => {
    expect(announcementDueMs(0, 1, 60_000)).toBe(30_000);
    expect([0, 1, 2].map((i) => announcementDueMs(i, 3, 60_000))).toEqual([15_000, 30_000, 45_000]);
  });
});

describe('announceSocketClosings', () => {
  it('tries again while no connection is live, and records when and how many it reached', async () => {
    const answers = [0, 2, 1];
    const calls: number[] = [];
    const startedAt = Date.now();
    const made = await announceSocketClosings({
      count: 2,
      feedMs: 150,
      announce: async () => {
        calls.push(Date.now() - startedAt);
        return answers.shift() ?? 0;
      },
      logger,
      signal: new AbortController().signal,
    });
    expect(made.map((a) => a.connections)).toEqual([2, 1]);
    expect(calls).toHaveLength(3);
    // The first try at 50 ms found nobody; the retry came 500 ms later.
    expect(calls[0]).toBeGreaterThanOrEqual(45);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(450);
    expect(made[0]!.atS).toBeGreaterThanOrEqual(0.5);
  });

  it('counts a failing admin call as reaching nobody, and stops when the run is over', async () => {
    const stop = new AbortController();
    let tries = 0;
    const made = announceSocketClosings({
      count: 3,
      feedMs: 40,
      announce: async () => {
        tries++;
        stop.abort();
        throw new Error('gc-sim went away');
      },
      logger,
      signal: stop.signal,
    });
    expect(await made).toEqual([{ atS: expect.any(Number), connections: 0 }]);
    expect(tries).toBe(1);
  });
});
