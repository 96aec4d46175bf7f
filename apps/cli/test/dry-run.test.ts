import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeGroupPacing, type Plan } from '@wfm-sync/domain';
import { generateFixture, type RunningSim, type SimFixture, startSim } from '@wfm-sync/gc-sim';
import {
  generateAgentStorm,
  type Stack,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliRun, runCaptured } from './support/cli-stack.js';

const SECRET = `whsec_${Buffer.from('dry-run-test-secret-0123456789').toString('base64')}`;
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const MEDIA = ['call', 'chat', 'email'] as const;

function runProcess(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('dry-run: a storm plans every change and writes nothing; live then writes exactly the plans', () => {
  let sim: RunningSim | undefined;
  let redis: TestRedis | undefined;
  let stack: Stack | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wfm-dry-run-'));

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await redis?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('storm in dry-run, plans shown, switch to live, writes equal the plans, plan exits 0', async () => {
    const fixture: SimFixture = generateFixture({
      seed: 21,
      orgs: 1,
      trunks: 4,
      agents: 30,
      regions: ['ap-southeast-1'],
    });
    const org = fixture.orgs[0]!;
    const offlineTrunk = org.trunks[0]!.id;
    sim = await startSim({
      fixture,
      seed: 21,
      requestsPerMinute: 6_000,
      faults: { latency: { p50Ms: 5, p99Ms: 30 } },
    });
    sim.sim.admin.setTrunkHealth(org.id, offlineTrunk, 'offline');
    const admin = sim.sim.admin;
    redis = await createTestRedis('dry-run');
    const writeTopology = (mode: 'live' | 'dry-run') =>
      writeTopologyFile(fixture, dir, { baseUrl: sim!.url, requestsPerMinute: 6_000, mode });
    const { topology, topologyFile, env: secrets } = writeTopology('dry-run');
    const cliEnv = {
      ...secrets,
      REDIS_URL: redis.url,
      TOPOLOGY_FILE: topologyFile,
      WFM_KEY_PREFIX: redis.prefix,
      LOG_LEVEL: 'warn',
    };
    stack = await startStack({
      redisUrl: redis!.url,
      prefix: redis!.prefix,
      topologyFile,
      env: secrets,
      webhookSecret: SECRET,
      logDir: dir,
      logLevel: 'warn',
      workers: [
        {
          region: 'ap-southeast-1',
          env: { DRY_RUN_RECHECK_MS: '1000', TRUNK_POLL_EVERY_MS: '500', SWEEP_EVERY_MS: '250' },
        },
      ],
      ingestEnv: { SWEEP_AFTER_MS: '3000' },
    });

    const storm = generateAgentStorm(fixture, {
      seed: 21,
      agents: 30,
      eventsPerAgent: 4,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    const sender = new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, SECRET);
    const statuses = await sender.sendAll(storm.deliveries, { batchSize: 20, concurrency: 4 });
    expect(statuses.filter((status) => status !== 202)).toEqual([]);

    // Expected pacing of every campaign from the final desired states, the offline trunk counting 0.
    const expectedLines = new Map<string, number>();
    for (const group of topology.routingGroups) {
      const agents = [...storm.expected.values()]
        .filter(({ data }) => data.routingGroupId === group.id)
        .map(({ data }) => ({
          trunkId: data.trunkId,
          available: data.available,
          callCapacity: data.utilization.call?.maximumCapacity,
        }));
      if (agents.length === 0) continue;
      const trunks = group.trunkIds.map((id) => ({
        id,
        maxConcurrentCalls: topology.trunks.find((t) => t.id === id)!.maxConcurrentCalls,
      }));
      const pacing = computeGroupPacing({ ...group, trunks }, agents, (id) =>
        id === offlineTrunk ? 'offline' : 'healthy',
      );
      for (const campaignId of group.campaignIds)
        expectedLines.set(campaignId, pacing.shares.get(campaignId) ?? pacing.lines);
    }

    const stateKey = (kind: string, id: string) => `${redis!.prefix}:{${org.id}}:k:${kind}:${id}`;
    const latestDecision = async (kind: string, id: string) => {
      const [first] = await redis!.client.lrange(`${redis!.prefix}:{${org.id}}:trail:${kind}:${id}`, 0, 0);
      return first === undefined ? undefined : (JSON.parse(first) as { outcome: string; rev?: number });
    };
    const recordedPlan = async (kind: string, id: string) => {
      const json = await redis!.client.hget(stateKey(kind, id), 'plan');
      return json ? (JSON.parse(json) as Plan) : undefined;
    };
    // Every agent decided on its final desired state; every campaign planned against the final agents.
    await waitFor(
      async () => {
        for (const userId of storm.expected.keys()) {
          const rev = Number(await redis!.client.hget(stateKey('agent', userId), 'rev'));
          const decision = await latestDecision('agent', userId);
          if (decision?.rev !== rev || !['planned', 'parked', 'noop'].includes(decision.outcome))
            return false;
        }
        for (const [campaignId, lines] of expectedLines) {
          const plan = await recordedPlan('campaign', campaignId);
          const desired = plan?.changes[0]?.desired ?? admin.campaign(org.id, campaignId)?.outboundLineCount;
          if (desired !== lines) return false;
        }
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'every key planned on its final desired state' },
    );

    // Not one state-changing request reached Genesys.
    expect(admin.requestLog().filter((r) => r.stateChanging)).toEqual([]);

    const planned = new Map<string, Plan>();
    for (const userId of storm.expected.keys()) {
      const plan = await recordedPlan('agent', userId);
      expect(plan, `plan of agent ${userId}`).toBeDefined();
      planned.set(`agent:${userId}`, plan!);
    }
    for (const campaignId of expectedLines.keys())
      planned.set(`campaign:${campaignId}`, (await recordedPlan('campaign', campaignId))!);
    const writing = [...planned.values()].filter((p) => p.calls.length > 0);
    expect(writing.length).toBeGreaterThan(10);
    for (const [userId, { data }] of storm.expected) {
      const plan = planned.get(`agent:${userId}`)!;
      expect(plan.reason, userId).toBe(
        data.trunkId === offlineTrunk ? 'parked' : plan.calls.length > 0 ? 'first-sync' : 'in-step',
      );
    }

    // The CLI shows the same plans: the dry-run org, a key's latest plan, and `plan` (as a real process) exits 2.
    const status = await runCaptured(['status', '--json'], cliEnv);
    expect(JSON.parse(status.stdout).orgs[0]).toMatchObject({ orgId: org.id, mode: 'dry-run' });
    const someWrite = writing.find((p) => p.key.kind === 'agent')!;
    const inspect = await runCaptured(['inspect', org.id, 'agent', someWrite.key.id], cliEnv);
    expect(inspect.stdout).toMatch(/^status\s+planned$/m);
    expect(inspect.stdout).toContain(`plan calls   PUT routing-utilization ${someWrite.key.id}`);
    const shown = await runProcess(['plan', org.id, '--json'], cliEnv);
    expect(shown.code, shown.stderr).toBe(2);
    const report = JSON.parse(shown.stdout) as { plans: Plan[] };
    const shownWriting = report.plans.filter((p) => p.calls.length > 0);
    expect(shownWriting.map((p) => `${p.key.kind}:${p.key.id}`).sort()).toEqual(
      writing.map((p) => `${p.key.kind}:${p.key.id}`).sort(),
    );
    for (const plan of shownWriting) {
      expect(plan.changes).toEqual(planned.get(`${plan.key.kind}:${plan.key.id}`)!.changes);
    }
    expect(admin.requestLog().filter((r) => r.stateChanging)).toEqual([]);

    // Switch the org to live: the worker restarts with the new topology and applies from fresh reads.
    const worker = stack.workers[0]!;
    await worker.stop();
    writeTopology('live');
    await worker.start();
    const agentInStep = (userId: string) => {
      const actual = admin.utilization(org.id, userId)?.utilization;
      const { data } = storm.expected.get(userId)!;
      return MEDIA.every((m) => actual?.[m]?.maximumCapacity === data.utilization[m]?.maximumCapacity);
    };
    await waitFor(
      () =>
        [...storm.expected].every(
          ([userId, { data }]) => data.trunkId === offlineTrunk || agentInStep(userId),
        ) &&
        [...expectedLines].every(([id, lines]) => admin.campaign(org.id, id)?.outboundLineCount === lines),
      { timeoutMs: 30_000, intervalMs: 250, what: 'live converged' },
    );

    // The writes made are the plans shown: the same keys, once each, with the planned values.
    const writes = admin.requestLog().filter((r) => r.stateChanging);
    const targetOf = (path: string) => {
      const agent = /\/routing\/users\/([^/]+)\/utilization/.exec(path);
      if (agent) return `agent:${decodeURIComponent(agent[1]!)}`;
      const campaign = /\/outbound\/campaigns\/([^/?]+)/.exec(path);
      return campaign ? `campaign:${decodeURIComponent(campaign[1]!)}` : path;
    };
    expect(writes.map((w) => targetOf(w.path)).sort()).toEqual(
      writing.map((p) => `${p.key.kind}:${p.key.id}`).sort(),
    );
    for (const plan of writing) {
      for (const change of plan.changes) {
        const actual =
          plan.key.kind === 'campaign'
            ? admin.campaign(org.id, plan.key.id)?.[change.field]
            : admin.utilization(org.id, plan.key.id)?.utilization[change.field.split('.')[0] as 'call']
                ?.maximumCapacity;
        expect(actual, `${plan.key.kind} ${plan.key.id} ${change.field}`).toEqual(change.desired);
      }
    }
    expect(admin.violations()).toMatchObject({ unhealthyTrunkWrites: 0, concurrentWrites: 0 });

    const after = await runCaptured(['plan', org.id], cliEnv);
    expect(after.stdout).toContain('0 writes would be made');
    expect(after.code).toBe(0);
  });
});
