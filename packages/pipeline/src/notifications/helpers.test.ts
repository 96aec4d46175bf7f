import { deriveTrunkHealth } from '@wfm-sync/domain';
import { describe, expect, it } from 'vitest';
import type { OperationEnd, TrunkUpdate } from './feed-messages.js';
import { OperationEnds } from './operation-ends.js';
import { trunkPollIntervalMs } from './poll-cadence.js';
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
