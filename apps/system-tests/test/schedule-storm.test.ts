import { scheduleKeyId } from '@wfm-sync/domain';
import { generateFixture } from '@wfm-sync/gc-sim';
import { generateScheduleStorm, storedShiftsMatch } from '@wfm-sync/local-stack';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { useStormStack } from './support/storm-stack.js';

const WEEKS = ['2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14'];

/** Sum and count of the upload-size histogram per outcome, read from a worker's /metrics. */
async function uploadAgents(metricsUrl: string): Promise<Map<string, { sum: number; count: number }>> {
  const text = await (await fetch(metricsUrl)).text();
  const byOutcome = new Map<string, { sum: number; count: number }>();
  const line = /^wfm_sync_schedule_upload_agents_(sum|count)\{[^}]*outcome="([a-z]+)"[^}]*\} (\S+)$/gm;
  for (const match of text.matchAll(line)) {
    const entry = byOutcome.get(match[2]!) ?? { sum: 0, count: 0 };
    entry[match[1] as 'sum' | 'count'] += Number(match[3]);
    byOutcome.set(match[2]!, entry);
  }
  return byOutcome;
}

describe('schedule storm: 400 agents in 4 schedules during a publishing window', () => {
  const storms = useStormStack('schedule-storm');
  const dir = storms.dir;

  it('ends with every agent at its latest shifts, never two updates of a schedule at once, in uploads of tens, through unreadable write answers', async () => {
    const fixture = generateFixture({
      seed: 23,
      orgs: 1,
      trunks: 2,
      agents: 400,
      managementUnitsPerOrg: 2,
      weekIds: WEEKS,
      regions: ['ap-southeast-1'],
    });
    const windowMs = 12_000;
    const setup = await storms.startSim({
      fixture,
      seed: 23,
      requestsPerMinute: 6_000,
      faults: {
        latency: { p50Ms: 10, p99Ms: 80 },
        concurrentModification: { rate: 0.15, untilMs: Date.now() + windowMs },
        scheduleStaleMode: 'random',
        scheduleOperationDelayMs: 300,
        // Unknown outcomes (docs/decisions/017): optional fields answered null, a quarter of write answers unreadable.
        nullOptionals: true,
        garbledWriteAnswers: 0.25,
      },
      topology: { scheduleOperationTimeoutS: 2 },
    });
    const { sim, redis } = setup;
    const workerEnv = {
      WORKER_LOCK_DURATION_MS: '4000',
      WORKER_STALLED_INTERVAL_MS: '2000',
      LEASE_TTL_MS: '6000',
      SWEEP_EVERY_MS: '1000',
    };
    const stack = await storms.startStack(setup, {
      logLevel: process.env.STORM_LOG_LEVEL ?? 'warn',
      workers: [
        { region: 'ap-southeast-1', env: workerEnv },
        { region: 'ap-southeast-1', env: workerEnv },
      ],
      ingestEnv: { SWEEP_AFTER_MS: '5000' },
    });

    const storm = generateScheduleStorm(fixture, {
      seed: 23,
      agentsPerSchedule: 100,
      eventsPerAgent: 2,
      duplicateRate: 0.05,
      outOfOrderRate: 0.05,
    });
    expect(storm.schedules).toHaveLength(4);
    expect(storm.expected.size).toBe(400);
    // The other publisher of the window (gc-sim's concurrentPublisher fault) republishes schedules, moving versions.
    sim.sim.admin.updateFaults({ concurrentPublisher: { publishesPerMinute: 150, agentShare: 0.05 } });
    setTimeout(
      () => sim.sim.admin.updateFaults({ concurrentPublisher: { publishesPerMinute: 0 } }),
      windowMs,
    ).unref();

    // A WFM system publishing: batches of 25 events, a few at a time, over a few seconds.
    const sender = storms.sender(stack);
    const statuses = await sender.sendAll(storm.deliveries, { batchSize: 25, concurrency: 2 });
    expect(statuses.every((s) => s === 202)).toBe(true);

    const admin = sim.sim.admin;
    const mismatched = () =>
      [...storm.expected.values()].filter(({ orgId, data }) => {
        const actual = admin.agentSchedule(
          orgId,
          data.businessUnitId,
          data.weekId,
          data.scheduleId,
          data.userId,
        );
        return !actual || !storedShiftsMatch(actual.shifts, data.shifts);
      });
    await waitFor(() => mismatched().length === 0, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'every agent at the shifts of its latest event',
    }).catch((error: Error) => {
      throw new Error(`${error.message}; ${mismatched().length} agents differ (logs: ${dir})`);
    });
    sim.sim.admin.updateFaults({ concurrentPublisher: { publishesPerMinute: 0 } });
    // Genesys may show an update before the worker has seen it end: wait until every schedule is recorded done.
    const schedulesDone = async () => {
      const states = await Promise.all(
        storm.schedules.map((s) =>
          redis.client.hget(
            `${redis.prefix}:{${s.orgId}}:k:schedule:${scheduleKeyId(s.businessUnitId, s.weekId, s.scheduleId)}`,
            'status',
          ),
        ),
      );
      return states.every((status) => status === 'applied' || status === 'noop');
    };
    await waitFor(schedulesDone, { timeoutMs: 20_000, what: 'every schedule recorded applied' });

    const log = admin.requestLog();
    const updates = log.filter((r) => r.method === 'POST' && r.route.endsWith('/update'));
    const totals = { sum: 0, count: 0 };
    const uploadsByOutcome: Record<string, number> = {};
    for (const worker of stack.workers) {
      for (const [outcome, one] of await uploadAgents(`${worker.options.healthUrl}/metrics`)) {
        totals.sum += one.sum;
        totals.count += one.count;
        uploadsByOutcome[outcome] = (uploadsByOutcome[outcome] ?? 0) + one.count;
      }
    }
    const stats = {
      uploads: totals.count,
      uploadsByOutcome,
      agentsUploaded: totals.sum,
      meanAgentsPerUpload: Math.round((totals.sum / Math.max(1, totals.count)) * 10) / 10,
      updateRequests: updates.length,
      update409: updates.filter((r) => r.status === 409).length,
      any409: log.filter((r) => r.status === 409).length,
    };
    process.stderr.write(`schedule storm: ${JSON.stringify(stats)}\n`);

    // The window really was one: uploads of the sync went stale (the other publisher, the 409s) and were re-sent.
    expect((uploadsByOutcome.stale ?? 0) + (uploadsByOutcome.retry ?? 0)).toBeGreaterThan(0);
    // Batches, not one upload per agent.
    expect(stats.meanAgentsPerUpload).toBeGreaterThan(5);
    expect(admin.violations().concurrentScheduleUpdates).toBe(0);
    expect(admin.violations().concurrentWrites).toBe(0);
    // Every schedule write route the run used had answers garbled after the write was applied, and still nothing
    // overlapped. (The workers' campaign pacing may PUT a campaign or two on the side: too few to be sure of a draw.)
    const writeRoutes = new Set(
      log
        .filter((r) => r.stateChanging && r.status >= 200 && r.status < 300 && r.status !== 204)
        .map((r) => `${r.method} ${r.route}`)
        .filter((route) => route.includes('/schedules/') || route.includes('/__sim/uploads/')),
    );
    const garbled = admin.garbledAnswers();
    process.stderr.write(`schedule storm garbled answers: ${JSON.stringify(garbled)}\n`);
    expect([...writeRoutes].sort()).toEqual([
      'POST /api/v2/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId/update',
      'POST /api/v2/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId/update/uploadurl',
      'PUT /__sim/uploads/:uploadKey',
    ]);
    for (const route of writeRoutes) expect(garbled[route] ?? 0, route).toBeGreaterThan(0);
  });
});
