import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture, type RunningSim, startSim } from '@wfm-sync/gc-sim';
import {
  generateAgentStorm,
  type Stack,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { type LocalCluster, startLocalCluster } from './redis-cluster.js';

const SECRET = `whsec_${Buffer.from('cluster-test-secret-0123456789').toString('base64')}`;
/** What Redis Cluster answers when one command or script touches keys of more than one slot. */
const SLOT_ERRORS = /CROSSSLOT|All keys in the pipeline should belong|MOVED|ASK /;

describe('REDIS_CLUSTER=1: ingest and a worker on a 3-master Redis Cluster', () => {
  let cluster: LocalCluster | undefined;
  let sim: RunningSim | undefined;
  let stack: Stack | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wfm-cluster-test-'));

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await cluster?.stop();
    if (process.env.KEEP_CLUSTER_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
  });

  it('converges a storm over two orgs with no cross-slot error, its keys spread over the masters', async () => {
    cluster = await startLocalCluster(3);
    const fixture = generateFixture({ seed: 7, orgs: 2, trunks: 6, agents: 80 });
    const orgId = fixture.orgs[0]!.id;
    const downTrunk = fixture.orgs[0]!.trunks[0]!.id;
    sim = await startSim({ fixture, seed: 7, requestsPerMinute: 6_000, faults: { error5xxRate: 0.02 } });
    // Agents on an offline trunk get parked (trunk-health and parking scripts) and woken when it recovers.
    sim.sim.admin.setTrunkHealth(orgId, downTrunk, 'offline');
    const { topologyFile, env } = writeTopologyFile(fixture, dir, {
      baseUrl: sim.url,
      requestsPerMinute: 6_000,
    });
    stack = await startStack({
      redisUrl: cluster.url,
      prefix: 'wfm-cluster',
      topologyFile,
      env: { ...env, REDIS_CLUSTER: '1' },
      webhookSecret: SECRET,
      logDir: dir,
      logLevel: 'warn',
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
    const sender = new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, SECRET);
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
