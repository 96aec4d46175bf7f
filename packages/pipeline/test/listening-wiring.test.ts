import { scheduleKeyId } from '@wfm-sync/domain';
import type { GenesysClient } from '@wfm-sync/genesys-client';
import { createTestRedis, waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNotificationMetrics,
  OrgKeys,
  orgQueueName,
  ScheduleReconciler,
  startListening,
  TrunkMonitor,
  TrunkPollCadence,
  TrunkReadStore,
  trunkListingKey,
  type WorkerListening,
} from '../src/index.js';
import { scheduleEvent, weekOfShifts } from './events.js';
import { fastOwner, firstScheduleIds, type Harness, startHarness } from './harness.js';

const notificationFaults = { notifications: { heartbeatIntervalMs: 200 } };

describe('the trunk poll cadence (decision 024)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('lists at every tick unless the org listens; then the safety poll when idle, the guard listing when agents wait', async () => {
    const redis = await createTestRedis('cadence');
    cleanups.push(() => redis.cleanup());
    const keys = new OrgKeys(redis.prefix, 'org-1');
    let listening = false;
    let now = 1_000_000;
    const options = {
      redis: redis.client,
      pollEveryMs: 2_000,
      safetyPollMs: 300_000,
      gateMaxAgeMs: 4_000,
      isListening: () => listening,
      now: () => now,
    };
    const cadence = new TrunkPollCadence({ ...options, keysOf: () => keys });
    const listed = (startedAt: number) =>
      cadence.listed('org-1', { startedAt, sentAt: startedAt + 100, answeredAt: startedAt + 200 });
    // Not listening: every tick lists, even right after a listing (ticks are TRUNK_POLL_EVERY_MS apart).
    await listed(now);
    expect(await cadence.decide('org-1')).toEqual({ kind: 'list' });
    // Listening, nothing due: skipped until the safety poll is due.
    listening = true;
    now += 2_000;
    expect(await cadence.decide('org-1')).toEqual({ kind: 'skip' });
    await redis.client.zadd(keys.due, now, 'timeoff:t-1', now, 'campaign:c-1');
    expect(await cadence.decide('org-1')).toEqual({ kind: 'skip' });
    // An agent due (waiting, running or parked): the guard listing, 4 s − (2 × 100 ms round trip + 2 × the wait's
    // jitter, at least 500 ms) after the last start, scheduled since the next tick would come too late. The first
    // listing's jitter is its whole wait (100 ms).
    await redis.client.zadd(keys.due, now, 'agent:u-1');
    expect(await cadence.decide('org-1')).toEqual({ kind: 'list-at', at: now - 2_000 + 3_500 });
    now += 1_500;
    expect(await cadence.decide('org-1')).toEqual({ kind: 'list' });
    await listed(now);
    now += 500;
    expect(await cadence.decide('org-1')).toEqual({ kind: 'skip' });
    await redis.client.zrem(keys.due, 'agent:u-1');
    now += 300_000;
    expect(await cadence.decide('org-1')).toEqual({ kind: 'list' });
    await listed(now);
    expect(await cadence.decide('org-1')).toEqual({ kind: 'skip' });
    // The record expires with the org's listings (an org no longer polled leaves nothing behind for long).
    expect(await redis.client.ttl(trunkListingKey(keys))).toBeGreaterThan(0);
    // Never listed: list.
    expect(
      await new TrunkPollCadence({ ...options, keysOf: () => new OrgKeys(redis.prefix, 'org-2') }).decide(
        'org-2',
      ),
    ).toEqual({ kind: 'list' });
  });
});

describe('a worker listening to gc-sim (real WebSockets, real Redis)', () => {
  let h: Harness | undefined;
  let listening: WorkerListening | undefined;
  afterEach(async () => {
    await listening?.close();
    listening = undefined;
    await h?.close();
    h = undefined;
  });

  it('re-syncs after the first connect, parks on a pushed degradation and wakes on a pushed recovery without moving observedAt', async () => {
    h = await startHarness({ label: 'listen-push', trunks: 2, faults: notificationFaults });
    const org = h.sim.sim.fixture.orgs[0]!;
    const trunkId = org.trunks[0]!.id;
    const worker = await h.startWorker({
      trunkPollEveryMs: 600_000,
      listening: { metrics: createNotificationMetrics(h.registry), owner: fastOwner },
    });
    await waitFor(() => worker.listening?.feed.isListening(org.id), { what: 'the org listening' });
    // The first connect is a gap: one forced listing re-syncs every trunk.
    const before = await waitFor(() => h!.ctx.trunks.get(org.id, trunkId), { what: 'the re-sync listing' });
    expect(before.health).toBe('healthy');

    const reads = new TrunkReadStore(h.redis.client, h.redis.prefix);
    const lastReadAt = async () => (await reads.lastRead(org.id, trunkId))?.at;
    // The start-up listings (the first tick's, the re-sync's) have landed before the trunk changes: the reads
    // below are then the only ones.
    const queue = h.ctx.queues.get(orgQueueName(org.region, org.id));
    await waitFor(
      async () => (await queue.getCompleted()).some((job) => job.id?.startsWith('resync:')) || undefined,
      { what: 'the re-sync listing done' },
    );
    await h.ctx.trunks.park(org.id, trunkId, 'u-parked', 'q-parked');
    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'degraded', 'register');
    const degraded = await waitFor(
      async () => {
        const record = await h!.ctx.trunks.get(org.id, trunkId);
        return record?.health === 'degraded' ? record : undefined;
      },
      { what: 'the pushed degradation' },
    );
    // Its freshness is a read's, never the push's own time: no newer than the last read. (Not "older than the push":
    // a read may legitimately leave right after it, and its stamp is then the record's; CI saw one 1 ms after.)
    expect(degraded.observedAt).toBeLessThanOrEqual((await lastReadAt()) ?? 0);

    h.sim.sim.admin.setTrunkHealth(org.id, trunkId, 'healthy');
    const healthy = await waitFor(
      async () => {
        const record = await h!.ctx.trunks.get(org.id, trunkId);
        return record?.health === 'healthy' ? record : undefined;
      },
      { what: 'the pushed recovery' },
    );
    expect(healthy.observedAt).toBeLessThanOrEqual((await lastReadAt()) ?? 0);
    expect(await h.redis.client.zscore(h.ctx.names.org(org.id).due, 'agent:u-parked')).not.toBeNull();
    expect(await h.ctx.trunks.parkedAgents(org.id, trunkId)).toEqual([]);

    // The sampler reads the status record: connected.
    await worker.listening!.sample();
    const text = await h.registry.getSingleMetricAsString('wfm_sync_notifications_status');
    expect(text).toContain(`wfm_sync_notifications_status{org="${org.id}",status="connected"} 1`);
  }, 30_000);

  it('a schedule update that ends in Error is known at once from its message, not at the deadline', async () => {
    h = await startHarness({
      label: 'listen-schedule',
      fixture: { seed: 5, managementUnitsPerOrg: 2 },
      agents: 20,
      trunks: 2,
      faults: { scheduleStaleMode: 'asyncError', scheduleOperationDelayMs: 150, ...notificationFaults },
      scheduleOperationTimeoutS: 30,
    });
    const harness = h;
    const org = harness.sim.sim.fixture.orgs[0]!;
    const ids = firstScheduleIds(harness);
    const key = {
      orgId: org.id,
      kind: 'schedule' as const,
      id: scheduleKeyId(ids.businessUnitId, ids.weekId, ids.scheduleId),
    };
    listening = await startListening(harness.ctx, new TrunkMonitor(harness.ctx), [org.id], 600_000, {
      metrics: createNotificationMetrics(harness.registry),
      owner: fastOwner,
    });
    const agents = org.agents.slice(0, 6);
    await harness.recorder.record(
      agents.map((a) =>
        scheduleEvent(org.id, {
          ...ids,
          managementUnitId: a.managementUnitId,
          userId: a.id,
          shifts: weekOfShifts(ids.weekId, 420),
        }),
      ),
    );
    // Another publisher moves the schedule's version after the run read it: the first update ends in Error.
    const real = harness.ctx.clientFor(org.id);
    let fired = false;
    const client: GenesysClient = {
      ...real,
      requestScheduleUploadUrl: async (...args) => {
        if (!fired) {
          fired = true;
          const schedule = await real.getSchedule(ids.businessUnitId, ids.weekId, ids.scheduleId);
          await real.updateSchedule(ids.businessUnitId, ids.weekId, ids.scheduleId, {
            metadata: { version: schedule.metadata.version },
            agentSchedules: [],
          });
          await waitFor(
            async () =>
              (await real.getSchedule(ids.businessUnitId, ids.weekId, ids.scheduleId)).metadata.version >
              schedule.metadata.version,
            { what: "the other publisher's update" },
          );
        }
        return real.requestScheduleUploadUrl(...args);
      },
    };
    const reconciler = new ScheduleReconciler(
      { ...harness.ctx, clientFor: () => client },
      { pollInitialMs: 50, listening: listening.schedules, firstListenWaitMs: 5_000 },
    );
    const lease = await harness.ctx.leases.acquire(key);
    if (!lease) throw new Error('schedule leased');
    const started = Date.now();
    const result = await reconciler.reconcile(key, await harness.ctx.state.load(key), lease);
    await lease.release();
    expect(fired).toBe(true);
    expect(result).toMatchObject({ outcome: 'applied' });
    // Without the message the Error would be noticed only at the 30 s deadline.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(harness.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
    // One update ended in Error (told by its message), the next one completed.
    const uploads = await harness.registry.getSingleMetricAsString('wfm_sync_schedule_upload_agents');
    expect(uploads).toContain('wfm_sync_schedule_upload_agents_count{outcome="stale"} 1');
    expect(uploads).toContain('wfm_sync_schedule_upload_agents_count{outcome="complete"} 1');
  }, 40_000);
});
