import { writeFileSync } from 'node:fs';
import type { Plan, WfmEvent } from '@wfm-sync/domain';
import { generateFixture, type SimFixture } from '@wfm-sync/gc-sim';
import { generateAgentStorm, type ServiceProcess } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './support/cli-stack.js';
import { processStackLifecycle } from './support/process-stack.js';

const MEDIA = ['call', 'chat', 'email'] as const;

/** The reload counter of a process, read from its /metrics. */
async function reloads(process: ServiceProcess, outcome: 'applied' | 'refused'): Promise<number> {
  const text = await (await fetch(`${process.options.healthUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`wfm_sync_topology_reload_total{`) && l.includes(`outcome="${outcome}"`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

/** A storm's events made newer than every earlier storm's (a later wave of the same agents). */
function later(events: WfmEvent[], wave: number): WfmEvent[] {
  return events.map((event) => ({
    ...event,
    id: `${event.id}_w${wave}`,
    sequence: (event.sequence ?? 0) + wave * 100,
  }));
}

describe('operating one org: SIGHUP reload from dry-run to live under a storm, then pause and resume', () => {
  const lifecycle = processStackLifecycle('org-ops');
  afterAll(() => lifecycle.stop());

  it('switches to live without a restart (writes equal the plans), refuses an invalid file, pauses and resumes', async () => {
    const fixture: SimFixture = generateFixture({
      seed: 26,
      orgs: 1,
      trunks: 3,
      agents: 30,
      regions: ['ap-southeast-1'],
    });
    const org = fixture.orgs[0]!;
    const { sim, redis, stack, sender, cliEnv, topologyFile, writeTopology, ...keys } = await lifecycle.start(
      {
        fixture,
        seed: 26,
        mode: 'dry-run',
        workerEnv: { DRY_RUN_RECHECK_MS: '1000' },
      },
    );
    const admin = sim.sim.admin;
    const worker = stack.workers[0]!;
    const stateKey = (kind: string, id: string) => keys.stateKey(org.id, kind, id);
    const latestDecision = (id: string) => keys.latestDecision(org.id, 'agent', id);
    const decidedOnLatest = (outcomes: string[]) => async (userId: string) => {
      const rev = Number(await redis.client.hget(stateKey('agent', userId), 'rev'));
      const decision = await latestDecision(userId);
      return decision?.rev === rev && outcomes.includes(decision.outcome);
    };
    const everyAgent = async (check: (userId: string) => Promise<boolean>, ids: Iterable<string>) => {
      for (const id of ids) if (!(await check(id))) return false;
      return true;
    };
    const writes = () => admin.requestLog().filter((r) => r.stateChanging);

    // 1. A storm in dry-run: every agent planned, nothing written.
    const first = generateAgentStorm(fixture, {
      seed: 26,
      agents: 30,
      eventsPerAgent: 3,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    expect(
      (await sender.sendAll(first.deliveries, { batchSize: 20, concurrency: 4 })).filter((s) => s !== 202),
    ).toEqual([]);
    await waitFor(() => everyAgent(decidedOnLatest(['planned', 'noop', 'parked']), first.expected.keys()), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'every agent planned in dry-run',
    });
    expect(writes()).toEqual([]);

    // 2. An invalid file is refused: the worker keeps its topology (still dry-run) and counts the refusal.
    writeFileSync(topologyFile, '{ "orgs": [ }');
    worker.signal('SIGHUP');
    await waitFor(async () => (await reloads(worker, 'refused')) === 1, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'reload refused',
    });
    expect(worker.running).toBe(true);

    // The plans of the dry-run, before the switch.
    const planOf = async (userId: string) =>
      JSON.parse((await redis.client.hget(stateKey('agent', userId), 'plan')) ?? 'null') as Plan | null;
    const dryRunPlans = new Map<string, Plan | null>();
    for (const userId of first.expected.keys()) dryRunPlans.set(userId, await planOf(userId));

    // 3. Live by SIGHUP while a second wave (the first 15 agents) is arriving: no restart.
    const second = generateAgentStorm(fixture, {
      seed: 27,
      agents: 15,
      eventsPerAgent: 3,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    const sending = sender.sendAll(later(second.deliveries, 1), { batchSize: 5, concurrency: 2 });
    writeTopology('live');
    worker.signal('SIGHUP');
    stack.ingest.signal('SIGHUP');
    await waitFor(async () => (await reloads(worker, 'applied')) === 1, {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'reload applied',
    });
    expect((await sending).filter((s) => s !== 202)).toEqual([]);
    const latest = new Map([...first.expected, ...second.expected]);
    const agentInStep = (userId: string, expected: typeof latest) => {
      const actual = admin.utilization(org.id, userId)?.utilization;
      const { data } = expected.get(userId)!;
      return MEDIA.every((m) => actual?.[m]?.maximumCapacity === data.utilization[m]?.maximumCapacity);
    };
    const healthyAgents = (expected: typeof latest) =>
      [...expected.keys()].filter(
        (id) => admin.trunk(org.id, expected.get(id)!.data.trunkId)?.health !== 'offline',
      );
    await waitFor(() => healthyAgents(latest).every((id) => agentInStep(id, latest)), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'live converged after the reload',
    });
    // The agents the second wave left alone: the live writes are exactly the dry-run plans (once each, the planned
    // values); the others end on their latest desired state.
    const written = writes().flatMap((w) => {
      const agent = /\/routing\/users\/([^/]+)\/utilization/.exec(w.path);
      return agent ? [decodeURIComponent(agent[1]!)] : [];
    });
    const untouched = [...first.expected.keys()].filter((id) => !second.expected.has(id));
    expect(untouched.length).toBe(15);
    for (const userId of untouched) {
      const plan = dryRunPlans.get(userId);
      const times = written.filter((id) => id === userId).length;
      expect(times, `writes of ${userId}`).toBe(plan && plan.calls.length > 0 ? 1 : 0);
      for (const change of plan?.changes ?? []) {
        const actual = admin.utilization(org.id, userId)?.utilization[change.field.split('.')[0] as 'call']
          ?.maximumCapacity;
        expect(actual, `${userId} ${change.field}`).toEqual(change.desired);
      }
    }
    expect(admin.violations()).toMatchObject({ unhealthyTrunkWrites: 0, concurrentWrites: 0 });

    // 4. Pause: a third wave is recorded, held back (in each key's trail), nothing sent; resume converges.
    const paused = await runCaptured(['org', 'pause', org.id, '--actor', 'test'], cliEnv);
    expect(paused.stdout, paused.stderr).toContain(`org ${org.id} paused`);
    const writesBefore = writes().length;
    const third = generateAgentStorm(fixture, {
      seed: 28,
      agents: 30,
      eventsPerAgent: 2,
      duplicateRate: 0,
      outOfOrderRate: 0,
    });
    expect(
      (await sender.sendAll(later(third.deliveries, 2), { batchSize: 20, concurrency: 4 })).filter(
        (s) => s !== 202,
      ),
    ).toEqual([]);
    const changed = healthyAgents(third.expected).filter((id) => !agentInStep(id, third.expected));
    expect(changed.length).toBeGreaterThan(0);
    await waitFor(
      () =>
        everyAgent(async (id) => {
          const decision = await latestDecision(id);
          return decision?.outcome === 'held' && decision.reason === 'org-paused';
        }, changed),
      { timeoutMs: 30_000, intervalMs: 250, what: 'changed agents held back' },
    );
    expect(writes().length).toBe(writesBefore);
    const status = JSON.parse((await runCaptured(['status', '--json'], cliEnv)).stdout) as {
      orgs: { orgId: string; holds: { reason: string }[] }[];
    };
    expect(status.orgs[0]?.holds.map((h) => h.reason)).toEqual(['paused']);

    const resumed = await runCaptured(['org', 'resume', org.id, '--actor', 'test'], cliEnv);
    expect(resumed.stdout, resumed.stderr).toMatch(
      new RegExp(`org ${org.id} resumed: \\d+ held keys? woken`),
    );
    await waitFor(() => healthyAgents(third.expected).every((id) => agentInStep(id, third.expected)), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'resumed and converged to the latest state',
    });
    expect(admin.violations()).toMatchObject({ unhealthyTrunkWrites: 0, concurrentWrites: 0 });
    const after = await runCaptured(['plan', org.id], cliEnv);
    expect(after.stdout).toContain('0 writes would be made');
  });
});
