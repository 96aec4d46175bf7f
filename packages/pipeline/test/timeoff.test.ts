import { type SyncKey, type TimeOffData, timeOffMarker } from '@wfm-sync/domain';
import type { TimeOffRecord } from '@wfm-sync/gc-sim';
import type { GenesysRequestEvent } from '@wfm-sync/genesys-client';
import { waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeOffReconciler } from '../src/index.js';
import { timeOffData, timeOffEvent } from './events.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';

const CREATE_ROUTE = '/api/v2/workforcemanagement/managementunits/{managementUnitId}/timeoffrequests';
const ONE_ROUTE =
  '/api/v2/workforcemanagement/managementunits/{managementUnitId}/users/{userId}/timeoffrequests/{timeOffRequestId}';

interface TimeOffCase {
  h: Harness;
  orgId: string;
  key: SyncKey;
  data: TimeOffData;
  /** The requests Genesys (gc-sim) holds for this case's user. */
  requests(): TimeOffRecord[];
  /** The sync's requests of this case: those carrying its marker. */
  marked(): TimeOffRecord[];
  record(data: TimeOffData, sequence: number): Promise<void>;
  calls(method: string, route: string): GenesysRequestEvent[];
}

async function timeOffCase(
  h: Harness,
  agentIndex = 0,
  externalId = `zd-${agentIndex}`,
): Promise<TimeOffCase> {
  const org = h.topology.topology.orgs[0]!;
  const agent = h.sim.sim.fixture.orgs[0]!.agents[agentIndex]!;
  const data = timeOffData(agent, externalId);
  const requests = () => h.sim.sim.admin.timeOffRequests(org.id).filter((r) => r.userId === agent.id);
  return {
    h,
    orgId: org.id,
    key: { orgId: org.id, kind: 'timeoff', id: externalId },
    data,
    requests,
    marked: () => requests().filter((r) => r.notes.includes(timeOffMarker(externalId))),
    record: async (next, sequence) => {
      await h.recorder.record([timeOffEvent(org.id, next, sequence)]);
    },
    calls: (method, route) => h.requests.filter((r) => r.method === method && r.route === route),
  };
}

async function decided(c: TimeOffCase, rev: number) {
  return waitFor(
    async () => {
      // The trail is written after the commit: wait for the decision itself, not only the recorded state.
      const latest = (await c.h.ctx.trail.read(c.key))[0];
      return latest?.rev === rev ? latest : undefined;
    },
    { what: `time-off decision at rev ${rev}` },
  );
}

async function deadLetterOf(c: TimeOffCase) {
  const region = c.h.topology.topology.orgs[0]!.region;
  return waitFor(
    async () => (await c.h.ctx.deadLetters.list(region)).find((letter) => letter.id === c.key.id),
    { what: `dead letter of ${c.key.id}` },
  );
}

/** Runs `listener` on every Genesys call the harness' clients finish, before the caller sees the answer. */
function onEveryCall(h: Harness, listener: (event: GenesysRequestEvent) => void): void {
  const push = h.requests.push.bind(h.requests);
  h.requests.push = (...events: GenesysRequestEvent[]) => {
    for (const event of events) listener(event);
    return push(...events);
  };
}

/** The administrator opens the request in the admin UI and saves it unchanged: only its version moves. */
function adminResave(c: TimeOffCase, requestId: string): void {
  const org = c.h.sim.sim.engine.org(c.orgId);
  if (!org?.timeOff.resave(requestId, Date.now())) throw new Error(`no request ${requestId} to re-save`);
}

function expectValues(record: TimeOffRecord | undefined, data: TimeOffData): void {
  expect(record).toMatchObject({
    status: data.status,
    activityCodeId: data.activityCodeId,
    fullDayManagementUnitDates: [...data.fullDayManagementUnitDates].sort(),
    notes: `${data.notes} ${timeOffMarker(data.externalId)}`,
  });
}

describe('time-off against gc-sim', () => {
  let h: Harness | undefined;
  const start = async (options: HarnessOptions = {}) => {
    h = await startHarness(options);
    await h.startWorker();
    return h;
  };
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('creates one marked request, stores its id, and spends no call on a repeated desired state', async () => {
    const c = await timeOffCase(await start());
    await c.record(c.data, 1);
    expect(await decided(c, 1)).toMatchObject({ outcome: 'applied', reason: 'first-sync', rev: 1 });
    expect(c.requests()).toHaveLength(1);
    expectValues(c.requests()[0], c.data);
    const mapping = await c.h.redis.client.hmget(
      c.h.ctx.names.stateKey(c.key),
      'genesysId',
      'genesysUserId',
      'genesysManagementUnitId',
    );
    expect(mapping).toEqual([c.requests()[0]!.id, c.data.userId, c.data.managementUnitId]);

    const before = c.h.requests.length;
    await c.record(c.data, 2);
    expect(await decided(c, 2)).toMatchObject({ outcome: 'noop', reason: 'in-step' });
    expect(c.h.requests.length).toBe(before);
    expect(c.h.sim.sim.admin.violations().duplicateTimeOffCreates).toBe(0);
  });

  it('plans read-only (wfm-sync plan): a create before the first run, in step after it, a patch after a change', async () => {
    h = await startHarness();
    const c = await timeOffCase(h);
    const planner = new TimeOffReconciler(h.ctx);
    await c.record(c.data, 1);
    const before = await planner.plan(c.key, await h.ctx.state.load(c.key));
    expect(before).toMatchObject({ reason: 'first-sync', calls: [{ method: 'POST' }] });
    expect(h.sim.sim.admin.requestLog().filter((r) => r.stateChanging)).toEqual([]);

    await h.startWorker();
    expect(await decided(c, 1)).toMatchObject({ outcome: 'applied' });
    expect(await planner.plan(c.key, await h.ctx.state.load(c.key))).toMatchObject({
      reason: 'in-step',
      calls: [],
    });

    // Hold the key so no worker applies the change: the plan shows it against what Genesys holds.
    expect(await h.ctx.leases.acquire(c.key)).toBeDefined();
    await c.record({ ...c.data, status: 'PENDING' }, 2);
    const changed = await planner.plan(c.key, await h.ctx.state.load(c.key));
    expect(changed.changes).toEqual([expect.objectContaining({ field: 'status', desired: 'PENDING' })]);
    expect(changed.calls).toEqual([expect.objectContaining({ method: 'PATCH' })]);
  });

  it('adopts the request whose create answer was lost instead of creating a second one', async () => {
    // Every create is applied and its answer dropped: a second create would be a duplicate.
    const c = await timeOffCase(await start({ faults: { dropCreateResponseRate: 1 } }));
    await c.record(c.data, 1);
    const decision = await decided(c, 1);
    expect(decision).toMatchObject({ outcome: 'noop', reason: 'adopted' });
    expect(decision.detail).toContain('found by its marker before creating');
    expect(c.requests()).toHaveLength(1);
    expectValues(c.requests()[0], c.data);
    expect(c.calls('POST', CREATE_ROUTE)).toHaveLength(1);
    const trail = await c.h.ctx.trail.read(c.key);
    expect(trail.map((d) => d.outcome)).toContain('retried');
    expect(c.h.sim.sim.admin.violations().duplicateTimeOffCreates).toBe(0);
  });

  it('adopts after a crash between the create and storing its id (test hook)', async () => {
    let crashes = 0;
    const c = await timeOffCase(
      await start({
        settings: {
          testHooks: {
            afterTimeOffCreate: () => {
              crashes += 1;
              if (crashes === 1) throw new Error('simulated crash after create');
            },
          },
        },
      }),
    );
    await c.record(c.data, 1);
    expect(await decided(c, 1)).toMatchObject({ outcome: 'noop', reason: 'adopted' });
    expect(crashes).toBe(1);
    expect(c.requests()).toHaveLength(1);
    expect(c.calls('POST', CREATE_ROUTE)).toHaveLength(1);
  });

  it('dead-letters, without sending a create, a request overlapping one wfm-sync did not create', async () => {
    const c = await timeOffCase(await start());
    const foreign = await c.h.ctx.clientFor(c.orgId).createTimeOffRequests(
      c.data.managementUnitId,
      {
        status: 'APPROVED',
        users: [{ id: c.data.userId }],
        activityCodeId: 'ac-sick',
        fullDayManagementUnitDates: ['2026-12-02'],
        notes: 'Entered by a supervisor',
      },
      { deadline: Date.now() + 10_000 },
    );
    await c.record(c.data, 1);
    const letter = await deadLetterOf(c);
    expect(letter).toMatchObject({ reason: 'overlaps-foreign-request', attempts: 1 });
    expect(letter.lastError.message).toContain(foreign.timeOffRequests[0]!.id);
    // The only create is the supervisor's own.
    expect(c.calls('POST', CREATE_ROUTE)).toHaveLength(1);
    expect(c.requests()).toEqual([
      expect.objectContaining({ notes: 'Entered by a supervisor', status: 'APPROVED', version: 1 }),
    ]);
  });

  it('dead-letters on the 409 of a create when the foreign overlap is one it could not place', async () => {
    const c = await timeOffCase(await start());
    // Partial day from 23:00 UTC on the day before: Genesys sees the overlap, the day-level pre-check does not.
    await c.h.ctx.clientFor(c.orgId).createTimeOffRequests(
      c.data.managementUnitId,
      {
        status: 'PENDING',
        users: [{ id: c.data.userId }],
        activityCodeId: 'ac-sick',
        partialDayStartDateTimes: ['2026-11-30T23:00:00Z'],
        dailyDurationMinutes: 120,
        notes: 'Doctor',
      },
      { deadline: Date.now() + 10_000 },
    );
    await c.record(c.data, 1);
    const letter = await deadLetterOf(c);
    expect(letter).toMatchObject({ reason: 'overlaps-foreign-request', attempts: 1 });
    expect(letter.lastError.status).toBe(409);
    expect(c.calls('POST', CREATE_ROUTE).filter((r) => r.status === 409)).toHaveLength(1);
    expect(c.requests()).toHaveLength(1);
  });

  it('keeps its values and marker through an administrator re-save and patches only what changed', async () => {
    const c = await timeOffCase(await start());
    await c.record(c.data, 1);
    await decided(c, 1);
    const id = c.requests()[0]!.id;
    adminResave(c, id);
    adminResave(c, id);
    const next: TimeOffData = { ...c.data, status: 'PENDING', fullDayManagementUnitDates: ['2026-12-03'] };
    await c.record(next, 2);
    expect(await decided(c, 2)).toMatchObject({ outcome: 'applied', reason: 'changed', rev: 2 });
    expect(c.requests()).toHaveLength(1);
    expectValues(c.requests()[0], next);
    expect(c.requests()[0]).toMatchObject({ id, version: 4 });
    const plan = JSON.parse((await c.h.ctx.state.load(c.key)).planJson ?? '{}');
    expect(plan.changes.map((change: { field: string }) => change.field)).toEqual([
      'status',
      'fullDayManagementUnitDates',
    ]);
    expect(c.calls('PATCH', ONE_ROUTE).filter((r) => r.status === 409)).toHaveLength(0);
  });

  it('re-reads and re-applies on a stale version, then leaves it to the delayed retry after three rounds', async () => {
    const c = await timeOffCase(await start());
    await c.record(c.data, 1);
    await decided(c, 1);
    const id = c.requests()[0]!.id;
    // The administrator saves the request right after each of the next N reads: every PATCH carries a stale version.
    let resavesLeft = 1;
    onEveryCall(c.h, (event) => {
      if (event.method === 'GET' && event.route === ONE_ROUTE && resavesLeft > 0) {
        resavesLeft -= 1;
        adminResave(c, id);
      }
    });
    const second: TimeOffData = { ...c.data, notes: 'Annual leave, extended' };
    await c.record(second, 2);
    expect(await decided(c, 2)).toMatchObject({ outcome: 'applied', rev: 2, attempt: 1 });
    expectValues(c.requests()[0], second);
    expect(c.calls('PATCH', ONE_ROUTE).filter((r) => r.status === 409)).toHaveLength(1);

    resavesLeft = 3;
    const third: TimeOffData = { ...second, activityCodeId: 'ac-training' };
    await c.record(third, 3);
    expect(await decided(c, 3)).toMatchObject({ outcome: 'applied', rev: 3, attempt: 2 });
    expectValues(c.requests()[0], third);
    expect(c.calls('PATCH', ONE_ROUTE).filter((r) => r.status === 409)).toHaveLength(4);
    const trail = await c.h.ctx.trail.read(c.key);
    expect(trail[1]).toMatchObject({ outcome: 'retried', reason: 'version-conflict', attempt: 1 });
    expect(c.requests()).toHaveLength(1);
  });

  it('cancels an existing request, creates nothing to cancel, and dead-letters a refused transition', async () => {
    const c = await timeOffCase(await start());
    await c.record(c.data, 1);
    await decided(c, 1);
    await c.record({ ...c.data, status: 'CANCELED' }, 2);
    expect(await decided(c, 2)).toMatchObject({ outcome: 'applied', rev: 2 });
    expect(c.requests()).toEqual([expect.objectContaining({ status: 'CANCELED' })]);

    // Out of CANCELED: Genesys refuses (400); the key is dead-lettered once, with the reason, and not retried.
    const patchesBefore = c.calls('PATCH', ONE_ROUTE).length;
    await c.record({ ...c.data, status: 'APPROVED' }, 3);
    const letter = await deadLetterOf(c);
    expect(letter).toMatchObject({ reason: 'transition-refused', attempts: 1 });
    expect(letter.lastError).toMatchObject({ status: 400 });
    expect(letter.lastError.message).toContain('CANCELED → APPROVED');
    expect(c.calls('PATCH', ONE_ROUTE).length).toBe(patchesBefore + 1);
    expect(c.requests()).toEqual([expect.objectContaining({ status: 'CANCELED' })]);

    const never = await timeOffCase(c.h, 1, 'zd-never-created');
    const createsBefore = never.calls('POST', CREATE_ROUTE).length;
    await never.record({ ...never.data, status: 'CANCELED' }, 1);
    expect(await decided(never, 1)).toMatchObject({ outcome: 'noop', reason: 'nothing-to-cancel' });
    expect(never.requests()).toHaveLength(0);
    expect(never.calls('POST', CREATE_ROUTE).length).toBe(createsBefore);
  });

  it('plans the create in dry-run and sends nothing', async () => {
    const c = await timeOffCase(await start({ mode: 'dry-run' }));
    await c.record(c.data, 1);
    await waitFor(async () => (await c.h.ctx.state.load(c.key)).status === 'planned', { what: 'planned' });
    const plan = JSON.parse((await c.h.ctx.state.load(c.key)).planJson ?? '{}');
    expect(plan).toMatchObject({
      reason: 'first-sync',
      calls: [{ method: 'POST', resource: 'wfm-timeoff-request', target: c.data.managementUnitId }],
    });
    expect(c.requests()).toHaveLength(0);
  });
});
