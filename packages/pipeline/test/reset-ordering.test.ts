import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperatorQueries, type OperatorQueries } from '../src/index.js';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

describe('resetting a key poisoned by a huge sequence', () => {
  let h: Harness;
  let queries: OperatorQueries;
  let orgId: string;
  beforeAll(async () => {
    h = await startHarness({ agents: 2, trunks: 1 });
    queries = createOperatorQueries(h.ctx);
    orgId = h.topology.topology.orgs[0]!.id;
  });
  afterAll(async () => {
    await h.close();
  });

  it('lets the next event in whatever its sequence, keeps desired state, and records who did it', async () => {
    const data = agentData(h, 0, 2);
    const key = { orgId, kind: 'agent' as const, id: data.userId };
    await h.recorder.record([
      agentEvent(orgId, data, Number.MAX_SAFE_INTEGER, { occurredAt: '2026-11-22T09:00:00.000Z' }),
    ]);
    const stuck = await h.recorder.record([agentEvent(orgId, agentData(h, 0, 3), 5)]);
    expect(stuck.outcomes).toEqual(['stale']);

    const reset = await queries.resetKeyOrdering(key, 'alice');
    expect(reset).toEqual({ cleared: 1, previousSequence: Number.MAX_SAFE_INTEGER });
    // Desired state and its revision are untouched by the reset itself.
    expect(await h.ctx.state.load(key)).toMatchObject({ rev: 1, sequence: undefined });

    const moved = await h.recorder.record([agentEvent(orgId, agentData(h, 0, 3), 5)]);
    expect(moved.outcomes).toEqual(['accepted']);
    expect(await h.ctx.state.load(key)).toMatchObject({ rev: 2, sequence: 5 });
    const inspection = await queries.inspect(key);
    expect(inspection!.trail[0]).toMatchObject({
      outcome: 'ordering-reset',
      reason: 'operator-reset',
      worker: 'operator alice',
    });
  });

  it('does nothing for a key wfm-sync holds nothing for, and refuses an org not in the topology', async () => {
    expect(await queries.resetKeyOrdering({ orgId, kind: 'agent', id: 'never-seen' }, 'alice')).toEqual({
      cleared: 0,
      previousSequence: undefined,
    });
    await expect(
      queries.resetKeyOrdering({ orgId: 'acme-mars', kind: 'agent', id: 'x' }, 'alice'),
    ).rejects.toThrow(/not in the topology/);
  });
});
