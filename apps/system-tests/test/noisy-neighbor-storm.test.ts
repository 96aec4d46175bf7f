import type { TimeOffData } from '@wfm-sync/domain';
import { generateFixture, type SimFixture } from '@wfm-sync/gc-sim';
import { generateTimeOffStorm, timeOffMismatch } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { type SimSetup, useStormStack } from './support/storm-stack.js';

/** A's client is answered 429 often, each time for this long: shorter than the client's 15 s throttle wait. */
const RETRY_AFTER_S = 10;

const WORKER_ENV = {
  WORKER_LOCK_DURATION_MS: '4000',
  WORKER_STALLED_INTERVAL_MS: '2000',
  LEASE_TTL_MS: '6000',
  SWEEP_EVERY_MS: '1000',
};

function oneOrg(fixture: SimFixture, index: number): SimFixture {
  return { ...fixture, orgs: [fixture.orgs[index]!] };
}

function differing(s: SimSetup, orgId: string, expected: Map<string, { data: TimeOffData }>): number {
  const requests = s.sim.sim.admin.timeOffRequests(orgId);
  return [...expected.values()].filter(({ data }) => timeOffMismatch(requests, data) !== undefined).length;
}

describe("noisy neighbour: one org's long 429s never slow another org of the same region (decision 025)", () => {
  const storms = useStormStack('noisy-neighbor');

  it("org B's time-off converges on its own schedule while org A sits in long 429s, and A converges after", async () => {
    const fixture = generateFixture({
      seed: 31,
      orgs: 2,
      trunks: 2,
      agents: 20,
      regions: ['ap-southeast-1'],
    });
    const [a, b] = [fixture.orgs[0]!, fixture.orgs[1]!];
    expect(a.region).toBe(b.region);
    const s = await storms.startSim({
      fixture,
      seed: 31,
      requestsPerMinute: 6_000,
      faults: {
        latency: { p50Ms: 10, p99Ms: 60 },
        sharedBudget: { throttleRate: 0.5, retryAfterS: RETRY_AFTER_S, orgIds: [a.id] },
      },
    });
    const stack = await storms.startStack(s, {
      workers: [{ region: 'ap-southeast-1', env: WORKER_ENV }],
      ingestEnv: { SWEEP_AFTER_MS: '5000' },
    });
    const sender = storms.sender(stack);
    const noDisorder = { duplicateRate: 0, outOfOrderRate: 0, cancelRate: 0 };
    const stormA = generateTimeOffStorm(oneOrg(fixture, 0), {
      seed: 311,
      externalIds: 60,
      eventsPerId: 2,
      ...noDisorder,
    });
    const quietB = generateTimeOffStorm(oneOrg(fixture, 1), {
      seed: 312,
      externalIds: 10,
      eventsPerId: 1,
      ...noDisorder,
    });

    expect(
      (await sender.sendAll(stormA.deliveries, { batchSize: 10, concurrency: 2 })).filter((x) => x !== 202),
    ).toEqual([]);
    // A's first requests meet their 429s and its jobs wait out the block (in A's slots only).
    await waitFor(() => s.sim.sim.admin.requestLog().some((r) => r.orgId === a.id && r.status === 429), {
      timeoutMs: 15_000,
      what: "org A's first 429",
    });
    const sentB = Date.now();
    expect(
      (await sender.sendAll(quietB.deliveries, { batchSize: 1, concurrency: 2 })).filter((x) => x !== 202),
    ).toEqual([]);
    await waitFor(() => differing(s, b.id, quietB.expected) === 0, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: "org B's time-off requests applied",
    });
    const lagB = Date.now() - sentB;
    // B's ten requests need a second or two of its own budget; behind A they would wait out A's 10 s blocks.
    expect(lagB).toBeLessThan(RETRY_AFTER_S * 1000);
    expect(differing(s, a.id, stormA.expected)).toBeGreaterThan(0);
    expect(s.sim.sim.admin.requestLog().filter((r) => r.orgId === b.id && r.status === 429)).toEqual([]);

    // The noisy consumer of A's client goes away: A converges too, without a violation.
    s.sim.sim.admin.updateFaults({ sharedBudget: { throttleRate: 0, retryAfterS: 1 } });
    await waitFor(() => differing(s, a.id, stormA.expected) === 0, {
      timeoutMs: 90_000,
      intervalMs: 250,
      what: "org A's time-off requests applied",
    });
    const violations = s.sim.sim.admin.violations();
    expect({
      requestsDuringRetryAfter: violations.requestsDuringRetryAfter,
      concurrentWrites: violations.concurrentWrites,
      duplicateTimeOffCreates: violations.duplicateTimeOffCreates,
    }).toEqual({ requestsDuringRetryAfter: 0, concurrentWrites: 0, duplicateTimeOffCreates: 0 });
    if (process.env.STORM_STATS === '1') process.stderr.write(`noisy-neighbor: B converged in ${lagB} ms\n`);
  });
});
