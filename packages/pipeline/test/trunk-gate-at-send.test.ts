import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { agentData, agentEvent, type Harness, startHarness } from './harness.js';

describe('trunk gate at send time', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /**
   * 12 agents on one trunk, a budget of two requests a second (writes queue behind it), health the gate trusts for
   * 1.5 s, and gc-sim counting any write on an unhealthy trunk after 2.5 s as a violation.
   */
  async function startGated() {
    const harness = await startHarness({
      agents: 12,
      trunks: 1,
      requestsPerMinute: 120,
      settings: { trunkHealthMaxAgeMs: 1_500 },
      faults: { unhealthyWriteGraceMs: 2_500 },
    });
    const agents = harness.sim.sim.fixture.orgs[0]!.agents;
    return { harness, org: harness.topology.topology.orgs[0]!, agents, trunkId: agents[0]!.trunkId };
  }

  it('does not send a write that waited for the budget while its trunk went unhealthy', async () => {
    const { harness, org, agents, trunkId } = await startGated();
    h = harness;
    await h.startWorker({ trunkPollEveryMs: 5_000 });
    await h.recorder.record(agents.map((_, i) => agentEvent(org.id, agentData(h!, i, 4), 1)));
    // The first writes go out; the rest queue behind a budget of two requests per second.
    await waitFor(() => h!.sim.sim.admin.requestLog().some((r) => r.method === 'PUT' && r.status === 200), {
      timeoutMs: 15_000,
      what: 'a first write',
    }).catch((error: Error) => {
      const log = h!.sim.sim.admin.requestLog().map((r) => `${r.at} ${r.method} ${r.route} ${r.status}`);
      throw new Error(`${error.message}\n${log.join('\n')}`);
    });
    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'degraded');
    const states = () =>
      Promise.all(agents.map((a) => h!.ctx.state.load({ orgId: org.id, kind: 'agent', id: a.id })));
    // Let the queue behind the budget drain: every agent either written before the trunk degraded or parked
    // (at plan time or by the send-time gate), so no write waits for the budget any more.
    await waitFor(
      async () => {
        const all = await states();
        return (
          all.some((s) => s.status === 'parked') &&
          all.every((s) => s.status === 'parked' || s.status === 'applied')
        );
      },
      { timeoutMs: 30_000, what: 'every agent applied or parked' },
    );
    expect(h.sim.sim.admin.violations().unhealthyTrunkWrites).toBe(0);

    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'healthy');
    await waitFor(
      () =>
        agents.every(
          (a) => h!.sim.sim.admin.utilization(org.id, a.id)?.utilization.call?.maximumCapacity === 4,
        ),
      { timeoutMs: 40_000, what: 'all agents applied after recovery' },
    );
    expect(h.sim.sim.admin.violations().unhealthyTrunkWrites).toBe(0);
  }, 90_000);

  it('wakes an agent whose write the gate stopped unsent without reading Genesys first', async () => {
    const { harness, org, agents, trunkId } = await startGated();
    h = harness;
    const log = () => h!.sim.sim.admin.requestLog();
    const capacityIs = (value: number) => () =>
      agents.every(
        (a) => h!.sim.sim.admin.utilization(org.id, a.id)?.utilization.call?.maximumCapacity === value,
      );
    await h.startWorker({ trunkPollEveryMs: 5_000 });
    await h.recorder.record(agents.map((_, i) => agentEvent(org.id, agentData(h!, i, 4), 1)));
    await waitFor(capacityIs(4), { timeoutMs: 30_000, what: 'every agent written once' });

    // A second change for everyone; its writes queue behind the budget while the trunk degrades, so the gate stops
    // some of them at send time, after the write was prepared.
    const writesBefore = log().filter((r) => r.method === 'PUT').length;
    await h.recorder.record(agents.map((_, i) => agentEvent(org.id, agentData(h!, i, 5), 2)));
    await waitFor(() => log().filter((r) => r.method === 'PUT').length > writesBefore, {
      timeoutMs: 15_000,
      what: 'a first write of the second change',
    });
    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'degraded');
    await waitFor(
      async () => {
        const all = await Promise.all(
          agents.map((a) => h!.ctx.state.load({ orgId: org.id, kind: 'agent', id: a.id })),
        );
        return (
          all.some((s) => s.status === 'parked') &&
          all.every((s) => s.status === 'parked' || s.appliedRev === s.rev)
        );
      },
      { timeoutMs: 30_000, what: 'every agent applied or parked' },
    );
    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'healthy');
    await waitFor(capacityIs(5), { timeoutMs: 40_000, what: 'every agent at the second change' });

    // Nothing was ever sent that Genesys could have taken unrecorded, so nothing was read before writing.
    expect(log().filter((r) => r.method === 'GET' && r.route.endsWith('/utilization'))).toEqual([]);
    expect(h.sim.sim.admin.violations().unhealthyTrunkWrites).toBe(0);
  }, 120_000);
});
