import { describe, expect, it } from 'vitest';
import { http, manualClock, tokenFor, useSims } from './helpers.js';

describe('sharedBudget fault: other consumers spending the token budget', () => {
  const start = useSims();

  it('answers 429 at the configured rate and holds the token for Retry-After', async () => {
    const clock = manualClock();
    const sim = await start({
      now: clock.now,
      requestsPerMinute: 1_000_000,
      faults: { sharedBudget: { throttleRate: 0.1, retryAfterS: 2 }, retryAfterGraceMs: 0 },
    });
    const token = await tokenFor(sim);
    const trunk = sim.sim.fixture.orgs[0]!.trunks[0]!.id;
    const url = `${sim.url}/api/v2/telephony/providers/edges/trunks/${trunk}`;
    let throttled = 0;
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const result = await http(url, { token });
      if (result.status === 429) {
        throttled++;
        expect(result.headers.get('retry-after')).toBe('2');
        clock.advance(2_000); // a well-behaved client waits out Retry-After
      }
    }
    // Binomial(1000, 0.1): mean 100, sd ~9.5; ±4 sd.
    expect(throttled).toBeGreaterThan(62);
    expect(throttled).toBeLessThan(138);
    expect(sim.sim.admin.violations().requestsDuringRetryAfter).toBe(0);

    // A client that does not wait is caught.
    sim.sim.admin.updateFaults({ sharedBudget: { throttleRate: 1, retryAfterS: 2 } });
    expect((await http(url, { token })).status).toBe(429);
    sim.sim.admin.updateFaults({ sharedBudget: { throttleRate: 0 } });
    clock.advance(1);
    await http(url, { token });
    expect(sim.sim.admin.violations().requestsDuringRetryAfter).toBe(1);
  });
});
