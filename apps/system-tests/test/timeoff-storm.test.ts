import { join } from 'node:path';
import { type TimeOffData, timeOffMarker, type WfmEvent } from '@wfm-sync/domain';
import { type FaultProfileInput, generateFixture } from '@wfm-sync/gc-sim';
import {
  appScript,
  generateTimeOffStorm,
  ServiceProcess,
  type Stack,
  timeOffMismatch,
} from '@wfm-sync/local-stack';
import { freePort, waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { type SimSetup, useStormStack } from './support/storm-stack.js';

const WORKER_ENV = {
  WORKER_LOCK_DURATION_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '1500',
  LEASE_TTL_MS: '4000',
  SWEEP_EVERY_MS: '1000',
};

type Setup = SimSetup;

describe('time-off exactly once, with real processes', () => {
  const storms = useStormStack('timeoff-storm');
  const dir = storms.dir;

  async function setUp(name: string, seed: number, faults: FaultProfileInput): Promise<Setup> {
    const fixture = generateFixture({ seed, orgs: 1, trunks: 3, agents: 50, regions: ['ap-southeast-1'] });
    return storms.startSim({ fixture, seed, requestsPerMinute: 6_000, faults, caseName: name });
  }

  async function stackOf(s: Setup, name: string, workers: Record<string, string>[]): Promise<Stack> {
    return storms.startStack(s, {
      logDir: join(dir, name),
      workers: workers.map((env) => ({ region: 'ap-southeast-1', env })),
      ingestEnv: { SWEEP_AFTER_MS: '3000' },
    });
  }

  async function send(stack: Stack, deliveries: WfmEvent[], midway?: () => Promise<void>): Promise<void> {
    const sender = storms.sender(stack);
    let midwayDone = false;
    const statuses = await sender.sendAll(deliveries, {
      batchSize: 20,
      concurrency: 4,
      afterRound: async (sent) => {
        if (midway && !midwayDone && sent >= deliveries.length / 2) {
          await midway();
          midwayDone = true;
        }
      },
    });
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
  }

  async function converged(s: Setup, expected: Map<string, { orgId: string; data: TimeOffData }>) {
    const orgId = s.fixture.orgs[0]!.id;
    const differing = () => {
      const requests = s.sim.sim.admin.timeOffRequests(orgId);
      return [...expected.values()].flatMap(({ data }) => {
        const problem = timeOffMismatch(requests, data);
        return problem ? [{ externalId: data.externalId, problem }] : [];
      });
    };
    await waitFor(() => differing().length === 0, {
      timeoutMs: 45_000,
      intervalMs: 250,
      what: 'every external id at its highest-sequence event',
    }).catch(async (error: Error) => {
      const stuck = differing().slice(0, 3);
      const details = await Promise.all(
        stuck.map(async ({ externalId, problem }) => ({
          externalId,
          problem,
          state: await s.redis.client.hgetall(`${s.redis.prefix}:{${orgId}}:k:timeoff:${externalId}`),
          trail: await s.redis.client.lrange(
            `${s.redis.prefix}:{${orgId}}:trail:timeoff:${externalId}`,
            0,
            5,
          ),
        })),
      );
      throw new Error(
        `${error.message}; ${differing().length} differ (logs: ${dir}): ${JSON.stringify(details, null, 1)}`,
      );
    });
  }

  it('storm: 150 external ids × 3 events, redelivered, reordered, lost and unreadable answers, an administrator, a worker killed', async () => {
    const s = await setUp('timeoff-storm', 21, {
      latency: { p50Ms: 10, p99Ms: 80 },
      dropCreateResponseRate: 0.2,
      error5xxRate: 0.02,
      admin: { timeOffResavesPerMinute: 600 },
      // Unknown outcomes (docs/decisions/017): optional fields answered null, a quarter of write answers unreadable.
      nullOptionals: true,
      garbledWriteAnswers: 0.25,
    });
    const stack = await stackOf(s, 'storm', [WORKER_ENV, WORKER_ENV]);
    const storm = generateTimeOffStorm(s.fixture, {
      seed: 21,
      externalIds: 150,
      eventsPerId: 3,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
      cancelRate: 0.15,
    });
    await send(stack, storm.deliveries, () => stack.workers[0]!.stop('SIGKILL'));
    expect(stack.workers[0]!.exitSignal).toBe('SIGKILL');

    await converged(s, storm.expected);

    const orgId = s.fixture.orgs[0]!.id;
    const statuses = await Promise.all(
      [...storm.expected.keys()].map((id) =>
        s.redis.client.hget(`${s.redis.prefix}:{${orgId}}:k:timeoff:${id}`, 'status'),
      ),
    );
    expect(statuses.filter((status) => status === 'dead-lettered')).toEqual([]);

    const admin = s.sim.sim.admin;
    const log = admin.requestLog();
    const stats = {
      requests: log.length,
      lostCreateAnswers: log.filter((r) => r.fault === 'dropCreateResponse').length,
      creates: log.filter((r) => r.method === 'POST' && r.route.endsWith('/timeoffrequests')).length,
      versionConflicts: log.filter((r) => r.method === 'PATCH' && r.status === 409).length,
      canceled: [...storm.expected.values()].filter(({ data }) => data.status === 'CANCELED').length,
    };
    if (process.env.STORM_STATS === '1')
      process.stderr.write(`time-off storm stats: ${JSON.stringify(stats)}\n`);
    expect(stats.lostCreateAnswers).toBeGreaterThan(0);
    expect(stats.canceled).toBeGreaterThan(0);
    await waitFor(() => admin.timeOffRequests(orgId).some((r) => r.modifiedBy === 'admin-user'), {
      what: 'the administrator re-saving requests',
    });

    const violations = admin.violations();
    expect({
      duplicateTimeOffCreates: violations.duplicateTimeOffCreates,
      concurrentWrites: violations.concurrentWrites,
      requestsDuringRetryAfter: violations.requestsDuringRetryAfter,
    }).toEqual({ duplicateTimeOffCreates: 0, concurrentWrites: 0, requestsDuringRetryAfter: 0 });
    // Every time-off write route the run used had answers garbled after the write was applied, creates among them.
    // (The workers' campaign pacing may PUT a campaign or two on the side: too few to be sure of a draw.)
    const writeRoutes = new Set(
      log
        .filter((r) => r.stateChanging && r.status >= 200 && r.status < 300 && r.status !== 204)
        .map((r) => `${r.method} ${r.route}`)
        .filter((route) => route.includes('/timeoffrequests')),
    );
    const garbled = admin.garbledAnswers();
    if (process.env.STORM_STATS === '1')
      process.stderr.write(`time-off storm garbled answers: ${JSON.stringify(garbled)}\n`);
    expect([...writeRoutes].sort()).toEqual([
      'PATCH /api/v2/workforcemanagement/managementunits/:managementUnitId/users/:userId/timeoffrequests/:timeOffRequestId',
      'POST /api/v2/workforcemanagement/managementunits/:managementUnitId/timeoffrequests',
    ]);
    for (const route of writeRoutes) expect(garbled[route] ?? 0, route).toBeGreaterThan(0);
  });

  it('a worker killed between a successful create and storing its id: the key still ends with one request', async () => {
    const s = await setUp('timeoff-crash', 22, {});
    // One job at a time, so the crash leaves exactly one create behind.
    const crashing = { ...WORKER_ENV, WORKER_CONCURRENCY: '1', WFM_TEST_CRASH_AFTER_CREATE: '1' };
    const stack = await stackOf(s, 'crash', [crashing]);
    const storm = generateTimeOffStorm(s.fixture, {
      seed: 22,
      externalIds: 5,
      eventsPerId: 1,
      duplicateRate: 0,
      outOfOrderRate: 0,
      cancelRate: 0,
    });
    await send(stack, storm.deliveries);
    const crashed = stack.workers[0]!;
    await waitFor(() => crashed.exitSignal === 'SIGKILL', {
      timeoutMs: 20_000,
      what: 'the worker killing itself',
    });

    const orgId = s.fixture.orgs[0]!.id;
    const [created, ...others] = s.sim.sim.admin.timeOffRequests(orgId);
    expect(others).toHaveLength(0);
    const externalId = [...storm.expected.keys()].find((id) => created?.notes.includes(timeOffMarker(id)));
    expect(externalId).toBeDefined();
    const stateKey = `${s.redis.prefix}:{${orgId}}:k:timeoff:${externalId}`;
    expect(await s.redis.client.hget(stateKey, 'genesysId')).toBeNull();

    // A healthy worker takes over once the dead one's job lock and lease have run out.
    const port = await freePort();
    const replacement = new ServiceProcess({
      name: 'worker-replacement',
      script: appScript('worker'),
      env: { ...crashed.options.env, WFM_TEST_CRASH_AFTER_CREATE: '0', PORT: String(port) },
      logFile: join(dir, 'crash', 'worker-replacement.log'),
      healthUrl: `http://127.0.0.1:${port}`,
    });
    await replacement.start();
    storms.onCleanup(() => replacement.stop('SIGTERM'));

    await converged(s, storm.expected);
    // Genesys was right at once; the key is done when the new worker has found the request, stored its id and
    // recorded the decision (the id is stored first, the trail entry when the run ends: wait for both).
    const trailKey = `${s.redis.prefix}:{${orgId}}:trail:timeoff:${externalId}`;
    const adopted = async () =>
      (await s.redis.client.lrange(trailKey, 0, -1)).some((entry) => JSON.parse(entry).reason === 'adopted');
    await waitFor(adopted, {
      timeoutMs: 20_000,
      what: 'the created request adopted by the replacement worker',
    });
    expect(await s.redis.client.hget(stateKey, 'genesysId')).toBe(created!.id);
    expect(s.sim.sim.admin.violations().duplicateTimeOffCreates).toBe(0);
  });
});
