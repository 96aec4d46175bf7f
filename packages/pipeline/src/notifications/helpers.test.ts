import { deriveTrunkHealth } from '@wfm-sync/domain';
import { describe, expect, it } from 'vitest';
import type { OperationEnd, TrunkUpdate } from './feed-messages.js';
import { OperationEnds } from './operation-ends.js';
import {
  type ListingDecisionInput,
  listingDecision,
  nextGateGapMs,
  nextWaitJitterMs,
  refreshAhead,
  trunkPollIntervalMs,
} from './poll-cadence.js';
import { trunkFieldsAfterPush } from './trunk-push.js';

const end = (operationId: string, status: OperationEnd['status'] = 'Complete'): OperationEnd => ({
  kind: 'operation',
  orgId: 'o',
  businessUnitId: 'bu-1',
  operationId,
  status,
  receivedAt: 0,
});

describe('OperationEnds', () => {
  it('finds an end heard before the wait began (a fast operation), and one heard during it', async () => {
    const ends = new OperationEnds();
    ends.ended(end('op-1', 'Error'));
    expect(await ends.wait('bu-1', 'op-1', 1_000)).toEqual({ kind: 'ended', end: end('op-1', 'Error') });
    const waiting = ends.wait('bu-1', 'op-2', 1_000);
    ends.ended(end('op-3'));
    ends.ended(end('op-2'));
    expect(await waiting).toEqual({ kind: 'ended', end: end('op-2') });
  });

  it('a gap on the business unit topic (or a gap naming no topic) ends the wait: read instead', async () => {
    const ends = new OperationEnds();
    const one = ends.wait('bu-1', 'op-1', 1_000);
    const other = ends.wait('bu-2', 'op-2', 1_000);
    ends.gap({ topics: ['v2.workforcemanagement.businessunits.bu-1.schedules'] });
    expect(await one).toEqual({ kind: 'gap' });
    ends.gap({ topics: [] });
    expect(await other).toEqual({ kind: 'gap' });
  });

  it('times out without a message', async () => {
    const ends = new OperationEnds();
    expect(await ends.wait('bu-1', 'op-1', 5)).toEqual({ kind: 'timeout' });
  });

  it('forgets ends older than keepMs', async () => {
    let now = 0;
    const ends = new OperationEnds(1_000, () => now);
    ends.ended(end('op-1'));
    now = 2_000;
    ends.ended(end('op-2'));
    expect(await ends.wait('bu-1', 'op-1', 1)).toEqual({ kind: 'timeout' });
  });
});

describe('trunk poll cadence', () => {
  const base = { pollEveryMs: 2_000, safetyPollMs: 300_000 };
  it('slows to the safety poll only while listening with no agent write pending', () => {
    expect(trunkPollIntervalMs({ ...base, listening: true, agentWorkPending: false })).toBe(300_000);
    expect(trunkPollIntervalMs({ ...base, listening: true, agentWorkPending: true })).toBe(2_000);
    expect(trunkPollIntervalMs({ ...base, listening: false, agentWorkPending: false })).toBe(2_000);
  });
});

describe('listingDecision (the guard listing)', () => {
  const at = 1_000_000;
  const input = (over: Partial<ListingDecisionInput>): ListingDecisionInput => ({
    listening: true,
    agentWorkPending: true,
    pollEveryMs: 2_000,
    safetyPollMs: 300_000,
    gateMaxAgeMs: 4_000,
    now: at,
    last: { startedAt: at, waitJitterMs: 0, roundTripMs: 100 },
    ...over,
  });
  const last = (startedAt: number, waitJitterMs = 0, roundTripMs = 100) => ({
    startedAt,
    waitJitterMs,
    roundTripMs,
  });

  it('lists at every tick when not listening or never listed, as without notifications', () => {
    expect(listingDecision(input({ listening: false }))).toEqual({ kind: 'list' });
    expect(listingDecision(input({ last: undefined }))).toEqual({ kind: 'list' });
  });

  it('listening with nothing pending: only the safety poll', () => {
    const idle = { agentWorkPending: false };
    expect(listingDecision(input({ ...idle, now: at + 299_000 }))).toEqual({ kind: 'skip' });
    expect(listingDecision(input({ ...idle, now: at + 300_000 }))).toEqual({ kind: 'list' });
  });

  it('with agent work pending, starts listings gate bound minus the lead apart: 3.5 s for a quick answer', () => {
    // Lead: at least 500 ms. A tick 2 s after the last start would leave the next one 4 s after it: too late.
    expect(listingDecision(input({ now: at + 2_000 }))).toEqual({ kind: 'list-at', at: at + 3_500 });
    expect(listingDecision(input({ now: at + 500 }))).toEqual({ kind: 'skip' });
    expect(listingDecision(input({ now: at + 3_500 }))).toEqual({ kind: 'list' });
  });

  it("the lead grows with the round trip and the budget wait's jitter, down to today's cadence", () => {
    // 2 × 400 ms round trip + 2 × 250 ms jitter = 1,300 ms lead: due 2.7 s after the last start.
    expect(listingDecision(input({ now: at + 2_000, last: last(at, 250, 400) }))).toEqual({
      kind: 'list-at',
      at: at + 2_700,
    });
    // A lead of 2 s or more leaves nothing to gain over the 2 s tick: every tick lists.
    expect(listingDecision(input({ now: at + 100, last: last(at, 800, 300) }))).toEqual({ kind: 'list' });
  });

  it('never lets the health the gate relies on outlive its bound while the wait moves within its jitter', () => {
    for (const waitMs of [0, 500, 3_000])
      for (const jitterMs of [0, 100, 400])
        for (const roundTripMs of [50, 300, 700]) {
          const d = listingDecision(input({ now: at + 2_000, last: last(at, jitterMs, roundTripMs) }));
          const nextStart = d.kind === 'list-at' ? d.at : at + 2_000;
          // The next listing waits longer by the jitter and answers after its round trip.
          const ageWhenNextLands = nextStart + waitMs + jitterMs + roundTripMs - (at + waitMs);
          expect(ageWhenNextLands).toBeLessThanOrEqual(4_000);
        }
  });
});

describe('nextWaitJitterMs', () => {
  it('is the move of the budget wait, a jump remembered for a few listings, the whole wait at first', () => {
    expect(nextWaitJitterMs(undefined, 2_000)).toBe(2_000);
    expect(nextWaitJitterMs({ waitMs: 2_000, waitJitterMs: 0 }, 2_300)).toBe(300);
    expect(nextWaitJitterMs({ waitMs: 2_300, waitJitterMs: 1_000 }, 2_300)).toBe(800);
    expect(nextWaitJitterMs({ waitMs: 2_300, waitJitterMs: 100 }, 1_800)).toBe(500);
  });
});

describe('refreshAhead', () => {
  const quick = { waitMs: 0, roundTripMs: 200 };
  const at = (ageMs: number, gateGapMs: number | undefined, lastListing = quick) =>
    refreshAhead({ ageMs, gateMaxAgeMs: 4_000, lastListing, gateGapMs });

  it('starts the next listing once the health is within the lead and one usual gap of the bound', () => {
    // Lead 500 ms (the least), gates 1 s apart: from 2.5 s of age.
    expect(at(2_400, 1_000)).toBe(false);
    expect(at(2_500, 1_000)).toBe(true);
    // Back-to-back gates: only the lead counts.
    expect(at(3_400, undefined)).toBe(false);
    expect(at(3_500, undefined)).toBe(true);
  });

  it('never before half the bound, however far apart the gates', () => {
    expect(at(1_900, 4_000)).toBe(false);
    expect(at(2_000, 4_000)).toBe(true);
  });

  it('not while listings wait for the budget (their lead would not fit twice in the bound), nor before one', () => {
    expect(at(3_900, 1_000, { waitMs: 800, roundTripMs: 300 })).toBe(false);
    expect(at(3_900, 1_000, { waitMs: 600, roundTripMs: 300 })).toBe(true);
    expect(
      refreshAhead({ ageMs: 3_900, gateMaxAgeMs: 4_000, lastListing: undefined, gateGapMs: 1_000 }),
    ).toBe(false);
  });
});

describe('nextGateGapMs', () => {
  it('averages the gaps, a long gap counting as the bound and a gap under 100 ms as none', () => {
    expect(nextGateGapMs(undefined, 50, 4_000)).toBeUndefined();
    expect(nextGateGapMs(undefined, 1_000, 4_000)).toBe(1_000);
    expect(nextGateGapMs(1_000, 60_000, 4_000)).toBeCloseTo(1_900);
    expect(nextGateGapMs(1_000, 20, 4_000)).toBe(1_000);
  });
});

describe('trunkFieldsAfterPush', () => {
  const lastRead = {
    state: 'active',
    inService: true,
    enabled: true,
    connectedStatus: { connected: true },
    registersStatus: [{ registerState: true }],
    optionsStatus: [{ optionState: true }],
  };
  const push = (fields: Partial<TrunkUpdate>): TrunkUpdate => ({
    kind: 'trunk',
    orgId: 'o',
    trunkId: 't',
    receivedAt: 0,
    ...fields,
  });

  it('takes connection, REGISTER and OPTIONS from the push and the rest from the last read', () => {
    expect(
      deriveTrunkHealth(
        trunkFieldsAfterPush(lastRead, push({ registersStatus: [{ registerState: false }] })),
      ),
    ).toBe('degraded');
    expect(
      deriveTrunkHealth(trunkFieldsAfterPush(lastRead, push({ connectedStatus: { connected: false } }))),
    ).toBe('offline');
    // A pushed recovery cannot make a trunk that the last read found out of service healthy.
    expect(deriveTrunkHealth(trunkFieldsAfterPush({ ...lastRead, inService: false }, push({})))).toBe(
      'offline',
    );
  });
});
