import { computeGroupPacing } from '@wfm-sync/domain';
import { generateFixture } from '@wfm-sync/gc-sim';
import { generateAgentStorm } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { useStormStack } from './support/storm-stack.js';

/**
 * The storm runs twice (issue 19): listening to Genesys notifications, where the worker killed mid-storm is the
 * one holding the org's channels (another takes them over), and with `notifications: "off"`, polling only.
 */
const variants = [
  { notifications: 'auto', agents: 200 },
  { notifications: 'off', agents: 200 },
] as const;

describe('storm: many agents, duplicates, reordering, flapping trunks, an administrator, 429s and 5xx, a worker killed', () => {
  const storms = useStormStack('storm');
  const dir = storms.dir;

  it.each(variants)(
    'notifications $notifications: converges every agent to its highest-sequence event and every campaign to the formula, with no violation',
    async ({ notifications, agents }) => {
      const listening = notifications === 'auto';
      const fixture = generateFixture({
        seed: 11,
        orgs: 1,
        trunks: 6,
        agents,
        regions: ['ap-southeast-1'],
      });
      const org = fixture.orgs[0]!;
      const flapping = org.trunks.slice(0, 3).map((t) => t.id);
      const setup = await storms.startSim({
        fixture,
        seed: 11,
        requestsPerMinute: 3_000,
        caseName: `notifications-${notifications}`,
        topology: { notifications },
        faults: {
          notifications: { heartbeatIntervalMs: 1_000 },
          latency: { p50Ms: 15, p99Ms: 150 },
          error5xxRate: 0.05,
          flapping: { trunkIds: flapping, minDwellMs: 800, maxDwellMs: 2_500 },
          admin: { campaignEditsPerMinute: 60 },
          sharedBudget: { throttleRate: 0.02, retryAfterS: 1 },
        },
      });
      const { sim, redis, topology } = setup;
      const workerEnv = {
        WORKER_LOCK_DURATION_MS: '4000',
        WORKER_STALLED_INTERVAL_MS: '2000',
        LEASE_TTL_MS: '6000',
        TRUNK_POLL_EVERY_MS: '1000',
        TRUNK_HEALTH_MAX_AGE_MS: '3000',
        SWEEP_EVERY_MS: '1000',
      };
      const stack = await storms.startStack(setup, {
        workers: [
          { region: 'ap-southeast-1', env: workerEnv },
          { region: 'ap-southeast-1', env: workerEnv },
        ],
        ingestEnv: { SWEEP_AFTER_MS: '5000' },
      });

      const ownerKey = `${redis.prefix}:{${org.id}}:notif:owner`;
      const statusKey = `${redis.prefix}:{${org.id}}:notif:status`;
      if (listening) {
        await waitFor(async () => (await redis.client.hget(statusKey, 'status')) === 'connected', {
          timeoutMs: 20_000,
          what: "the org's channel connected",
        });
      }
      // The process holding the org's channels when listening; else the first worker.
      const victim = async () => {
        if (!listening) return stack.workers[0]!;
        const holder = (await redis.client.get(ownerKey)) ?? '';
        // The lease holds `host:pid:random`.
        const parts = holder.split(':');
        const found = stack.workers.find((w) => w.pid !== undefined && parts.includes(String(w.pid)));
        if (!found) throw new Error(`no worker holds the channels (owner ${holder})`);
        return found;
      };
      let killedHolder: string | null = null;

      const storm = generateAgentStorm(fixture, {
        seed: 11,
        agents,
        eventsPerAgent: 10,
        duplicateRate: 0.1,
        outOfOrderRate: 0.05,
      });
      const sender = storms.sender(stack);
      let killed = false;
      const statuses = await sender.sendAll(storm.deliveries, {
        batchSize: 20,
        concurrency: 4,
        afterRound: async (sent) => {
          if (!killed && sent >= storm.deliveries.length / 2) {
            killedHolder = await redis.client.get(ownerKey);
            await (await victim()).stop('SIGKILL');
            killed = true;
          }
        },
      });
      expect(statuses.every((s) => s === 202)).toBe(true);
      expect(killed).toBe(true);

      // The storm is over and the trunks settle healthy; the 5xx and the administrator go on while the queues drain.
      sim.sim.admin.updateFaults({ flapping: { trunkIds: [] } });
      for (const trunkId of flapping) sim.sim.admin.setTrunkHealth(org.id, trunkId, 'healthy');

      const admin = sim.sim.admin;
      const mismatched = () =>
        [...storm.expected.entries()].filter(([userId, { data }]) => {
          const actual = admin.utilization(org.id, userId)?.utilization;
          return (['call', 'chat', 'email'] as const).some(
            (type) => actual?.[type]?.maximumCapacity !== data.utilization[type]?.maximumCapacity,
          );
        });
      await waitFor(() => mismatched().length === 0, {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: 'every agent at its highest-sequence utilization',
      }).catch(async (error: Error) => {
        const stuck = mismatched().slice(0, 3);
        const details = await Promise.all(
          stuck.map(async ([userId]) => ({
            userId,
            state: await redis.client.hgetall(`${redis.prefix}:{${org.id}}:k:agent:${userId}`),
            trail: await redis.client.lrange(`${redis.prefix}:{${org.id}}:trail:agent:${userId}`, 0, 5),
            due: await redis.client.zscore(`${redis.prefix}:{${org.id}}:due`, `agent:${userId}`),
          })),
        );
        throw new Error(
          `${error.message}; ${mismatched().length} agents differ (logs: ${dir}): ${JSON.stringify(details, null, 1)}`,
        );
      });

      const expectedLines = new Map<string, number>();
      for (const group of topology.routingGroups) {
        const agents = [...storm.expected.values()]
          .filter(({ data }) => data.routingGroupId === group.id)
          .map(({ data }) => ({
            trunkId: data.trunkId,
            available: data.available,
            callCapacity: data.utilization.call?.maximumCapacity,
          }));
        const trunks = group.trunkIds.map((id) => ({
          id,
          maxConcurrentCalls: topology.trunks.find((t) => t.id === id)!.maxConcurrentCalls,
        }));
        const pacing = computeGroupPacing({ ...group, trunks }, agents, () => 'healthy');
        for (const [campaignId, lines] of pacing.shares) expectedLines.set(campaignId, lines);
      }
      await waitFor(
        () =>
          [...expectedLines].every(([id, lines]) => admin.campaign(org.id, id)?.outboundLineCount === lines),
        { timeoutMs: 30_000, intervalMs: 500, what: 'every campaign at its share of the lines' },
      );

      // The storm really was one: faults fired, trunks went down, and the killed worker's share was taken over.
      const log = admin.requestLog();
      const writes = log.filter((r) => r.stateChanging && r.route.includes('utilization'));
      const stats = {
        requests: log.length,
        status5xx: log.filter((r) => r.status >= 502 && r.status <= 504).length,
        status429: log.filter((r) => r.status === 429).length,
        utilizationWrites: writes.length,
        campaignConflicts: log.filter((r) => r.status === 409).length,
      };
      if (process.env.STORM_STATS === '1') process.stderr.write(`storm stats: ${JSON.stringify(stats)}\n`);
      expect(stats.status5xx).toBeGreaterThan(0);
      expect(stats.status429).toBeGreaterThan(0);
      expect(stats.utilizationWrites).toBeGreaterThanOrEqual(storm.expected.size * 0.5);

      if (listening) {
        // Another worker took the channels over: connected again, under a new owner.
        const record = await waitFor(
          async () => {
            const status = await redis.client.hgetall(statusKey);
            return status.status === 'connected' && !killedHolder?.startsWith(`${status.owner}:`)
              ? status
              : undefined;
          },
          { timeoutMs: 30_000, what: 'the channels taken over by the surviving worker' },
        );
        expect(Number(record.gaps)).toBeGreaterThanOrEqual(1);
      }

      const violations = admin.violations();
      if (process.env.STORM_STATS === '1')
        process.stderr.write(`violations: ${JSON.stringify(violations.violationLog)}\n`);
      expect({
        concurrentWrites: violations.concurrentWrites,
        requestsDuringRetryAfter: violations.requestsDuringRetryAfter,
        unhealthyTrunkWrites: violations.unhealthyTrunkWrites,
        adminEditsOverwritten: violations.adminEditsOverwritten,
      }).toEqual({
        concurrentWrites: 0,
        requestsDuringRetryAfter: 0,
        unhealthyTrunkWrites: 0,
        adminEditsOverwritten: 0,
      });
    },
  );
});
