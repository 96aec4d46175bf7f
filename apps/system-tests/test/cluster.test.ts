import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateFixture, startSim } from '@wfm-sync/gc-sim';
import { generateAgentStorm, writeTopologyFile } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { startLocalCluster } from './redis-cluster.js';
import { useStormStack } from './support/storm-stack.js';

/** What Redis Cluster answers when one command or script touches keys of more than one slot. */
const SLOT_ERRORS = /CROSSSLOT|All keys in the pipeline should belong|MOVED|ASK /;

describe('REDIS_CLUSTER=1: ingest and a worker on a 3-master Redis Cluster', () => {
  const storms = useStormStack('cluster');
  const dir = storms.dir;

  it('converges a storm over two orgs with no cross-slot error, its keys spread over the masters', async () => {
    const cluster = await startLocalCluster(3);
    storms.onCleanup(() => cluster.stop());
    const fixture = generateFixture({ seed: 7, orgs: 2, trunks: 6, agents: 80 });
    const orgId = fixture.orgs[0]!.id;
    const downTrunk = fixture.orgs[0]!.trunks[0]!.id;
    const sim = await startSim({
      fixture,
      seed: 7,
      requestsPerMinute: 6_000,
      faults: { error5xxRate: 0.02 },
    });
    storms.onCleanup(() => sim.close());
    // Agents on an offline trunk get parked (trunk-health and parking scripts) and woken when it recovers.
    sim.sim.admin.setTrunkHealth(orgId, downTrunk, 'offline');
    const { topologyFile, env } = writeTopologyFile(fixture, dir, {
      baseUrl: sim.url,
      requestsPerMinute: 6_000,
    });
    const target = {
      redisUrl: cluster.url,
      prefix: 'wfm-cluster',
      topologyFile,
      env: { ...env, REDIS_CLUSTER: '1' },
    };
    const stack = await storms.startStack(target, {
      workers: [
        {
          region: 'all',
          env: { TRUNK_POLL_EVERY_MS: '500', TRUNK_HEALTH_MAX_AGE_MS: '2000', SWEEP_EVERY_MS: '1000' },
        },
      ],
      ingestEnv: { SWEEP_AFTER_MS: '3000' },
    });

    const storm = generateAgentStorm(fixture, {
      seed: 7,
      agents: 80,
      eventsPerAgent: 5,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    const sender = storms.sender(stack);
    const statuses = await sender.sendAll(storm.deliveries, { batchSize: 25, concurrency: 1 });
    expect(statuses.every((s) => s === 202)).toBe(true);

    const workerMetrics = `${stack.workers[0]!.options.healthUrl}/metrics`;
    await waitFor(
      async () =>
        /wfm_sync_reconcile_decisions_total\{[^}]*outcome="parked"/.test(
          await (await fetch(workerMetrics)).text(),
        ),
      { timeoutMs: 20_000, what: 'agents parked on the offline trunk' },
    );
    sim.sim.admin.setTrunkHealth(orgId, downTrunk, 'healthy');

    const admin = sim.sim.admin;
    const mismatched = () =>
      [...storm.expected.entries()].filter(([userId, { orgId: org, data }]) => {
        const actual = admin.utilization(org, userId)?.utilization;
        return (['call', 'chat', 'email'] as const).some(
          (type) => actual?.[type]?.maximumCapacity !== data.utilization[type]?.maximumCapacity,
        );
      });
    await waitFor(() => mismatched().length === 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: `every agent at its highest-sequence utilization (logs: ${dir})`,
    });

    // The operator gauges read each org's keys in one pipeline: a slot error would show in the worker's log.
    expect((await fetch(`${stack.workers[0]!.options.healthUrl}/readyz`)).status).toBe(200);
    expect(await (await fetch(workerMetrics)).text()).toMatch(/^wfm_sync_parked_agents\{/m);

    // The run really used the cluster: an org's keys and the queues hash to different masters.
    const keysPerNode = await cluster.keysPerNode();
    expect(keysPerNode.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);

    await stack.stop();
    const slotErrors = readdirSync(dir)
      .filter((file) => file.endsWith('.log'))
      .flatMap((file) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((line) => SLOT_ERRORS.test(line))
          .map((line) => `${file}: ${line.slice(0, 300)}`),
      );
    expect(slotErrors).toEqual([]);
    expect(stack.ingest.exitCode).toBe(0);
    expect(stack.workers.map((w) => w.exitCode)).toEqual([0]);

    const violations = admin.violations();
    expect({
      concurrentWrites: violations.concurrentWrites,
      requestsDuringRetryAfter: violations.requestsDuringRetryAfter,
      unhealthyTrunkWrites: violations.unhealthyTrunkWrites,
    }).toEqual({ concurrentWrites: 0, requestsDuringRetryAfter: 0, unhealthyTrunkWrites: 0 });
  });
});
