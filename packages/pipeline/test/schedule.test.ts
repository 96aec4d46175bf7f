import {
  keyMember,
  type Shift,
  type SyncKey,
  sameShifts,
  scheduleKeyId,
  type WfmEvent,
} from '@wfm-sync/domain';
import { type FaultProfileInput, plainShifts, type Simulator } from '@wfm-sync/gc-sim';
import {
  type GenesysClient,
  type GenesysRequestEvent,
  UploadUrlRefusedError,
} from '@wfm-sync/genesys-client';
import { waitFor } from '@wfm-sync/test-support';
import { pino } from 'pino';
import type { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ScheduleReconciler, type ScheduleReconcilerOptions } from '../src/index.js';
import { fingerprintOf, ScheduleAgentStore } from '../src/store/schedule-agents.js';
import { scheduleEvent as buildScheduleEvent, weekOfShifts } from './events.js';
import { firstScheduleIds, type Harness, startHarness } from './harness.js';

const _silent = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const OPERATION_TIMEOUT_S = 1.5;

interface ScheduleHarness extends Harness {
  orgId: string;
  ids: { businessUnitId: string; weekId: string; scheduleId: string };
  key: SyncKey;
  /** Agents of the fixture: userId and management unit. */
  agents: { id: string; managementUnitId: string }[];
}

/** The pipeline harness, with 40 agents in two units and schedule operations that time out after OPERATION_TIMEOUT_S. */
async function startScheduleHarness(
  options: { faults?: FaultProfileInput; mode?: 'live' | 'dry-run' } = {},
): Promise<ScheduleHarness> {
  const h = await startHarness({
    fixture: { seed: 5, managementUnitsPerOrg: 2 },
    agents: 40,
    trunks: 2,
    faults: { scheduleOperationDelayMs: 150, ...options.faults },
    scheduleOperationTimeoutS: OPERATION_TIMEOUT_S,
    mode: options.mode ?? 'live',
    label: 'schedule',
  });
  const org = h.sim.sim.fixture.orgs[0]!;
  const ids = firstScheduleIds(h);
  return Object.assign(h, {
    orgId: org.id,
    ids,
    key: {
      orgId: org.id,
      kind: 'schedule' as const,
      id: scheduleKeyId(ids.businessUnitId, ids.weekId, ids.scheduleId),
    },
    agents: org.agents.map((a) => ({ id: a.id, managementUnitId: a.managementUnitId })),
  });
}

function week(h: ScheduleHarness, minutes: number, days = 3, code = 'ac-work'): Shift[] {
  return weekOfShifts(h.ids.weekId, minutes, days, code);
}

function scheduleEvent(
  h: ScheduleHarness,
  agent: { id: string; managementUnitId: string },
  shifts: Shift[],
  sequence = 1,
): WfmEvent {
  return buildScheduleEvent(
    h.orgId,
    { ...h.ids, managementUnitId: agent.managementUnitId, userId: agent.id, shifts },
    sequence,
  );
}

function agentInSim(h: ScheduleHarness, userId: string) {
  return h.sim.sim.admin.agentSchedule(h.orgId, h.ids.businessUnitId, h.ids.weekId, h.ids.scheduleId, userId);
}

function shiftsInSim(h: ScheduleHarness, userId: string): Shift[] {
  return plainShifts(agentInSim(h, userId)?.shifts ?? []);
}

let publishCount = 0;
/**
 * A concurrent publisher inside the simulator (the schedule-publishing window): applies an update of its own at
 * once, moving the schedule's version and each named agent's version — with the given shifts, or the agent's
 * current ones (`same`: only the version moves). It is not a client of the API, so it is not counted as an
 * overlapping update.
 */
function publishConcurrently(
  sim: Simulator,
  orgId: string,
  h: ScheduleHarness,
  agents: Map<string, Shift[] | 'same'>,
) {
  const store = sim.engine.org(orgId)!.schedules;
  const { businessUnitId: bu, weekId, scheduleId } = h.ids;
  const agentSchedules = [...agents].map(([userId, shifts]) => {
    const current = store.agentSchedule(bu, weekId, scheduleId, userId)!;
    const source = shifts === 'same' ? shiftsInSim(h, userId) : shifts;
    return {
      userId,
      metadata: { version: current.version },
      shifts: source.map((s) => ({
        startDate: s.startDate,
        lengthMinutes: s.lengthMinutes,
        activities: s.activities.map((a) => ({ ...a, description: '' })),
      })),
    };
  });
  publishCount += 1;
  const uploadKey = `publisher-${publishCount}`;
  const now = Date.now();
  store.createUpload(bu, weekId, scheduleId, 1, uploadKey, now);
  store.storeUpload(uploadKey, {
    metadata: { version: store.scheduleVersion(bu, weekId, scheduleId)! },
    agentSchedules,
  });
  store.startUpdate(bu, weekId, scheduleId, uploadKey, `${uploadKey}-op`, now, () => 'asyncError');
  store.finish(`${uploadKey}-op`, now);
}

/** Observed upload sizes per outcome, from the reconciler's histogram as Prometheus exposes it. */
async function uploadStats(registry: Registry): Promise<Record<string, { count: number; sum: number }>> {
  const text = await registry.getSingleMetricAsString('wfm_sync_schedule_upload_agents');
  const stats: Record<string, { count: number; sum: number }> = {};
  for (const match of text.matchAll(/_(sum|count)\{outcome="([a-z]+)"\} (\d+)/g)) {
    const [, field, outcome, value] = match as unknown as [string, 'sum' | 'count', string, string];
    const entry = stats[outcome] ?? { count: 0, sum: 0 };
    entry[field] = Number(value);
    stats[outcome] = entry;
  }
  return stats;
}

/** Runs one reconcile of the schedule in this process, as a worker's job would. */
async function reconcileOnce(
  h: ScheduleHarness,
  options: ScheduleReconcilerOptions & { client?: GenesysClient } = {},
) {
  const ctx = options.client ? { ...h.ctx, clientFor: () => options.client! } : h.ctx;
  const reconciler = new ScheduleReconciler(ctx, {
    pollInitialMs: 50,
    ...options,
  });
  const lease = await h.ctx.leases.acquire(h.key);
  if (!lease) throw new Error('schedule is leased');
  try {
    return await reconciler.reconcile(h.key, await h.ctx.state.load(h.key), lease);
  } finally {
    await lease.release();
  }
}

/** A client that runs `hook` once, after the run read everything and before its first upload starts. */
function clientWithHookBeforeUpload(real: GenesysClient, hook: () => Promise<void> | void): GenesysClient {
  let fired = false;
  return {
    ...real,
    requestScheduleUploadUrl: async (...args) => {
      if (!fired) {
        fired = true;
        await hook();
      }
      return real.requestScheduleUploadUrl(...args);
    },
  };
}

function updateRequests(h: ScheduleHarness): GenesysRequestEvent[] {
  return h.requests.filter((r) => r.method === 'POST' && r.route.endsWith('/update'));
}

describe('schedules: versioned batch uploads against gc-sim', () => {
  let h: ScheduleHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('uploads many agents of one schedule in one upload, records each agent, and leaves the due set', async () => {
    h = await startScheduleHarness();
    const agents = h.agents.slice(0, 30);
    await h.recorder.record(agents.map((a, i) => scheduleEvent(h!, a, week(h!, 240 + i))));
    await h.startWorker();
    await waitFor(() => agents.every((a, i) => sameShifts(shiftsInSim(h!, a.id), week(h!, 240 + i))), {
      what: 'every agent shows its desired shifts',
    });
    await waitFor(async () => (await h!.ctx.state.load(h!.key)).status === 'applied', {
      what: 'schedule applied',
    });
    expect(updateRequests(h)).toHaveLength(1);
    expect(await uploadStats(h.registry)).toEqual({ complete: { count: 1, sum: 30 } });
    const records = await new ScheduleAgentStore(h.ctx.redis, h.ctx.names).load(h.key);
    expect(records.map((r) => [r.rev, r.appliedRev])).toEqual(agents.map(() => [1, 1]));
    expect(await h.redis.client.zscore(h.ctx.names.org(h.orgId).due, keyMember(h.key))).toBeNull();
    const trail = await h.ctx.trail.read(h.key);
    expect(trail[0]).toMatchObject({ outcome: 'applied', reason: 'first-sync' });
    expect(trail[0]?.detail).toContain('30 agents uploaded in 1 upload');
    expect(h.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });

  it('leaves out agents whose shifts already match, and costs no upload when nothing differs', async () => {
    h = await startScheduleHarness();
    const agents = h.agents.slice(0, 10);
    const matching = agents.slice(0, 4);
    const events = agents.map((a, i) => scheduleEvent(h!, a, i < 4 ? shiftsInSim(h!, a.id) : week(h!, 300)));
    await h.recorder.record(events);
    const result = await reconcileOnce(h);
    expect(result).toMatchObject({ outcome: 'applied', again: false });
    expect(result.detail).toBe('6 agents uploaded in 1 upload, 4 in step');
    for (const a of matching) expect(agentInSim(h, a.id)?.version).toBe(1);
    for (const a of agents.slice(4)) expect(agentInSim(h, a.id)?.version).toBe(2);
    expect(await uploadStats(h.registry)).toEqual({ complete: { count: 1, sum: 6 } });

    // A newer event with the same shifts: the agent is behind by rev, Genesys already has it — no upload.
    await h.recorder.record([scheduleEvent(h, agents[5]!, week(h, 300), 2)]);
    const again = await reconcileOnce(h);
    expect(again).toMatchObject({ outcome: 'noop', reason: 'in-step' });
    expect(updateRequests(h)).toHaveLength(1);
    const records = await new ScheduleAgentStore(h.ctx.redis, h.ctx.names).load(h.key);
    expect(records.find((r) => r.userId === agents[5]!.id)).toMatchObject({ rev: 2, appliedRev: 2 });

    // `wfm-sync plan` (KeyPlanner): nothing behind; read fresh, every agent is in step.
    const planner = new ScheduleReconciler(h.ctx);
    const state = await h.ctx.state.load(h.key);
    expect(await planner.plan(h.key, state)).toMatchObject({ reason: 'in-step', calls: [] });
    const fresh = await planner.plan(h.key, state, { fresh: true });
    expect(fresh).toMatchObject({
      reason: 'in-step',
      calls: [],
      detail: '0 of 10 agents to upload in 0 uploads (10 in-step)',
    });
  });

  it('splits uploads above the size limit, one update at a time', async () => {
    h = await startScheduleHarness();
    const agents = h.agents.slice(0, 10);
    await h.recorder.record(agents.map((a) => scheduleEvent(h!, a, week(h!, 420))));
    const result = await reconcileOnce(h, { limits: { maxAgents: 4, maxBytes: 1_000_000 } });
    expect(result.detail).toBe('10 agents uploaded in 3 uploads, 0 in step');
    expect(await uploadStats(h.registry)).toEqual({ complete: { count: 3, sum: 10 } });
    expect(agents.every((a) => sameShifts(shiftsInSim(h!, a.id), week(h!, 420)))).toBe(true);
    expect(h.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });

  it('on a stale version (409) re-reads, drops agents that now match, and re-sends the rest with fresh versions', async () => {
    h = await startScheduleHarness({ faults: { scheduleStaleMode: 'immediate409' } });
    const agents = h.agents.slice(0, 12);
    await h.recorder.record(agents.map((a) => scheduleEvent(h!, a, week(h!, 360))));
    const moved = agents[11]!;
    const hook = async () => {
      // Another publisher: 3 of our agents already get our shifts, 2 only a new version; and meanwhile the
      // WFM system moves one agent again.
      const publish = new Map<string, Shift[] | 'same'>([
        ...agents.slice(0, 3).map((a) => [a.id, week(h!, 360)] as [string, Shift[]]),
        ...agents.slice(3, 5).map((a) => [a.id, 'same'] as [string, 'same']),
      ]);
      publishConcurrently(h!.sim.sim, h!.orgId, h!, publish);
      await h!.recorder.record([scheduleEvent(h!, moved, week(h!, 200), 2)]);
    };
    const result = await reconcileOnce(h, {
      client: clientWithHookBeforeUpload(h.ctx.clientFor(h.orgId), hook),
    });
    expect(result).toMatchObject({ outcome: 'applied', again: false });
    expect(result.detail).toBe('9 agents uploaded in 2 uploads, 3 in step, 1 stale or refused rounds');
    expect(await uploadStats(h.registry)).toEqual({
      stale: { count: 1, sum: 12 },
      complete: { count: 1, sum: 9 },
    });
    expect(updateRequests(h).map((r) => r.status)).toEqual([409, 200]);
    for (const a of agents.slice(0, 11)) expect(sameShifts(shiftsInSim(h, a.id), week(h, 360))).toBe(true);
    expect(sameShifts(shiftsInSim(h, moved.id), week(h, 200))).toBe(true);
    // Only the publisher wrote the first three; ours wrote the rest once, on top of the publisher's versions.
    for (const a of agents.slice(0, 3)) expect(agentInSim(h, a.id)?.version).toBe(2);
    for (const a of agents.slice(3, 5)) expect(agentInSim(h, a.id)?.version).toBe(3);
    expect(h.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });

  it('treats an update operation that ends in Error as stale: waits for the deadline, never overlaps, re-sends', async () => {
    h = await startScheduleHarness({
      faults: { scheduleStaleMode: 'asyncError', scheduleOperationDelayMs: 300 },
    });
    const agents = h.agents.slice(0, 8);
    await h.recorder.record(agents.map((a) => scheduleEvent(h!, a, week(h!, 380))));
    const hook = () => publishConcurrently(h!.sim.sim, h!.orgId, h!, new Map([[agents[0]!.id, 'same']]));
    const started = Date.now();
    const result = await reconcileOnce(h, {
      client: clientWithHookBeforeUpload(h.ctx.clientFor(h.orgId), hook),
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(OPERATION_TIMEOUT_S * 1000);
    expect(result).toMatchObject({ outcome: 'applied' });
    expect(await uploadStats(h.registry)).toEqual({
      stale: { count: 1, sum: 8 },
      complete: { count: 1, sum: 8 },
    });
    expect(updateRequests(h).map((r) => r.status)).toEqual([200, 200]);
    expect(agents.every((a) => sameShifts(shiftsInSim(h!, a.id), week(h!, 380)))).toBe(true);
    expect(h.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
  });

  it('dead-letters an unknown user and an agent with invalid shifts, each alone, while the others land', async () => {
    h = await startScheduleHarness();
    const agents = h.agents.slice(0, 6);
    const unknown = { id: 'no-such-user', managementUnitId: agents[0]!.managementUnitId };
    const invalid = h.agents[6]!;
    await h.recorder.record([
      ...agents.map((a) => scheduleEvent(h!, a, week(h!, 400))),
      scheduleEvent(h, unknown, week(h, 400)),
      scheduleEvent(h, invalid, week(h, 400, 3, 'ac-no-such-code')),
    ]);
    await h.startWorker();
    await waitFor(async () => (await h!.ctx.state.load(h!.key)).status === 'applied', {
      what: 'schedule applied',
    });
    expect(agents.every((a) => sameShifts(shiftsInSim(h!, a.id), week(h!, 400)))).toBe(true);
    expect(agentInSim(h, invalid.id)?.version).toBe(1);

    const records = await new ScheduleAgentStore(h.ctx.redis, h.ctx.names).load(h.key);
    const rejected = records.filter((r) => r.deadRev > 0).map((r) => r.userId);
    expect(rejected.sort()).toEqual([invalid.id, unknown.id].sort());
    const stateOf = (userId: string) =>
      h!.redis.client.hgetall(h!.ctx.names.org(h!.orgId).scheduleAgentState(h!.key.id, userId));
    expect(await stateOf(unknown.id)).toMatchObject({ status: 'dead-lettered' });
    expect((await stateOf(unknown.id)).reason).toContain('no-such-user');
    expect((await stateOf(invalid.id)).reason).toContain('ac-no-such-code');

    const letters = await h.ctx.deadLetters.list('ap-southeast-1');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'schedule', id: h.key.id, reason: 'agent-rejected' });
    expect(letters[0]!.lastError.message).toContain('2 agents rejected');
    expect(letters[0]!.lastError.message).toContain('no-such-user');
    expect(await h.redis.client.zscore(h.ctx.names.org(h.orgId).due, keyMember(h.key))).toBeNull();
    const trail = await h.ctx.trail.read(h.key);
    expect(trail.filter((d) => d.outcome === 'dead-lettered')).toHaveLength(2);
    // Cut down until each refused agent stood alone; the valid ones went in the uploads that completed.
    expect((await uploadStats(h.registry)).complete?.sum).toBe(6);
  });

  it('observes an update whose answer carries nulls or cannot be read, like a lost answer: no bisection, no overlap', async () => {
    // The incident: `"result": null` on a Processing update; and write answers garbled after the write was applied
    // (gc-sim's default seed garbles the first update answer at this share).
    h = await startScheduleHarness({ faults: { nullOptionals: true, garbledWriteAnswers: 0.65 } });
    const agents = h.agents.slice(0, 12);
    await h.recorder.record(agents.map((a) => scheduleEvent(h!, a, week(h!, 440))));
    await h.startWorker();
    await waitFor(() => agents.every((a) => sameShifts(shiftsInSim(h!, a.id), week(h!, 440))), {
      timeoutMs: 20_000,
      what: 'every agent shows its desired shifts',
    });
    await waitFor(async () => (await h!.ctx.state.load(h!.key)).status === 'applied', {
      timeoutMs: 20_000,
      what: 'schedule applied',
    });
    const garbled = h.sim.sim.admin.garbledAnswers();
    const route = (suffix: string) =>
      `POST /api/v2/workforcemanagement/businessunits/:businessUnitId/weeks/:weekId/schedules/:scheduleId${suffix}`;
    expect(garbled[route('/update')] ?? 0).toBeGreaterThan(0);
    expect(h.sim.sim.admin.violations()).toMatchObject({ concurrentScheduleUpdates: 0, concurrentWrites: 0 });
    expect(await h.ctx.deadLetters.list('ap-southeast-1')).toEqual([]);
    const records = await new ScheduleAgentStore(h.ctx.redis, h.ctx.names).load(h.key);
    expect(records.filter((r) => r.deadRev > 0)).toEqual([]);
    // Never cut down: every update carried all twelve agents (a garbled one was observed, not bisected).
    expect((await uploadStats(h.registry)).invalid).toBeUndefined();
  });

  it('dead-letters the run once when the client refuses the issued upload URL: no bisection, no agent dead letters', async () => {
    h = await startScheduleHarness();
    const agents = h.agents.slice(0, 6);
    const client = h.ctx.clientFor(h.orgId);
    let refusals = 0;
    // Stands in for the client's own check (https, uploadHosts, no private address), which throws before sending.
    client.uploadScheduleBody = async () => {
      refusals++;
      throw new UploadUrlRefusedError('host 10.0.0.7 is a private address');
    };
    await h.recorder.record(agents.map((a) => scheduleEvent(h!, a, week(h!, 420))));
    await h.startWorker();
    await waitFor(async () => (await h!.ctx.state.load(h!.key)).status === 'dead-lettered', {
      what: 'the schedule dead-lettered',
    });

    const letters = await h.ctx.deadLetters.list('ap-southeast-1');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'schedule', id: h.key.id, reason: 'upload-url-refused' });
    expect(letters[0]!.lastError.message).toContain('host 10.0.0.7 is a private address');
    // One upload URL, one refusal: the six agents were never cut into smaller uploads.
    expect(refusals).toBe(1);
    expect(h.requests.filter((r) => r.route.endsWith('/update/uploadurl'))).toHaveLength(1);
    expect(updateRequests(h)).toHaveLength(0);
    const records = await new ScheduleAgentStore(h.ctx.redis, h.ctx.names).load(h.key);
    expect(records.filter((r) => r.deadRev > 0)).toEqual([]);
    const trail = await h.ctx.trail.read(h.key);
    expect(trail.filter((d) => d.outcome === 'dead-lettered')).toHaveLength(1);
    expect(trail[0]).toMatchObject({ outcome: 'dead-lettered', reason: 'upload-url-refused' });
  });

  it('waits for an update a crashed worker left running before it starts its own', async () => {
    h = await startScheduleHarness({ faults: { scheduleOperationDelayMs: 700 } });
    const [first, second] = [h.agents[0]!, h.agents[1]!];
    const client = h.ctx.clientFor(h.orgId);
    const store = new ScheduleAgentStore(h.ctx.redis, h.ctx.names);
    // The crashed worker: it marked the update, started it, and died without seeing it end.
    const crashed = await h.ctx.leases.acquire(h.key);
    const version = (await client.getSchedule(h.ids.businessUnitId, h.ids.weekId, h.ids.scheduleId)).metadata
      .version;
    const shifts = week(h, 120);
    await store.setOperation(h.key, crashed!.token, {
      deadline: Date.now() + 5_000,
      scheduleVersion: version,
      agents: [
        { userId: first.id, managementUnitId: first.managementUnitId, fingerprint: fingerprintOf(shifts) },
      ],
    });
    await client.updateSchedule(h.ids.businessUnitId, h.ids.weekId, h.ids.scheduleId, {
      metadata: { version },
      agentSchedules: [{ userId: first.id, shifts, metadata: { version: agentInSim(h, first.id)!.version } }],
    });
    await crashed!.release();

    await h.recorder.record([scheduleEvent(h, second, week(h, 130))]);
    const result = await reconcileOnce(h);
    expect(result).toMatchObject({ outcome: 'applied' });
    expect(sameShifts(shiftsInSim(h, first.id), shifts)).toBe(true);
    expect(sameShifts(shiftsInSim(h, second.id), week(h, 130))).toBe(true);
    expect(h.sim.sim.admin.violations().concurrentScheduleUpdates).toBe(0);
    expect(await store.operation(h.key)).toBeUndefined();
  });

  it('in dry-run records the plan with the agents it would upload, and writes nothing', async () => {
    h = await startScheduleHarness({ mode: 'dry-run' });
    const agents = h.agents.slice(0, 5);
    await h.recorder.record(
      agents.map((a, i) => scheduleEvent(h!, a, i === 0 ? shiftsInSim(h!, a.id) : week(h!, 90))),
    );
    const result = await reconcileOnce(h);
    expect(result).toMatchObject({ outcome: 'planned', reason: 'first-sync' });
    const state = await h.ctx.state.load(h.key);
    expect(state.status).toBe('planned');
    const plan = JSON.parse(state.planJson!);
    expect(plan.uploads).toEqual([
      agents
        .slice(1)
        .map((a) => a.id)
        .sort(),
    ]);
    expect(plan.agents.filter((a: { action: string }) => a.action === 'in-step')).toHaveLength(1);
    expect(h.requests.filter((r) => r.route.includes('/update'))).toEqual([]);
    for (const a of agents) expect(agentInSim(h, a.id)?.version).toBe(1);
    expect(await h.redis.client.zscore(h.ctx.names.org(h.orgId).due, keyMember(h.key))).not.toBeNull();
  });
});
