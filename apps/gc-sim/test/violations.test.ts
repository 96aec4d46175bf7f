import { gzipSync } from 'node:zlib';
import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { type RunningSim, timeOffMarker, violationKinds } from '../src/index.js';
import { apiFor, manualClock, useSims } from './helpers.js';

type Api = Awaited<ReturnType<typeof apiFor>>;

function counters(sim: RunningSim) {
  const { violationLog, ...rest } = sim.sim.admin.violations();
  return rest;
}

function onlyViolation(sim: RunningSim, kind: (typeof violationKinds)[number], count: number) {
  const expected = Object.fromEntries(violationKinds.map((k) => [k, k === kind ? count : 0]));
  expect(counters(sim)).toEqual(expected);
}

async function uploadAndUpdate(api: Api, ids: string, payload: unknown) {
  const body = gzipSync(JSON.stringify(payload));
  const upload = await api.call('POST', `${ids}/update/uploadurl`, { contentLengthBytes: body.length });
  const { url, uploadKey, headers } = upload.body as {
    url: string;
    uploadKey: string;
    headers: Record<string, string>;
  };
  expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
  return api.call('POST', `${ids}/update`, { uploadKey });
}

describe('violations count client misuse, and only misuse', () => {
  const start = useSims();

  it('stays at zero for correct use of every resource', async () => {
    const sim = await start({ faults: { scheduleOperationDelayMs: 20 } });
    const api = await apiFor(sim);
    const agent = api.org.agents[0];
    const campaignId = api.org.campaigns[0]?.id;
    expect(
      (await api.call('PUT', `/api/v2/routing/users/${agent?.id}/utilization`, { utilization: {} })).status,
    ).toBe(200);
    expect(
      (await api.call('PUT', `/api/v2/routing/users/${agent?.id}/utilization`, { utilization: {} })).status,
    ).toBe(200);
    sim.sim.admin.editCampaignAsAdmin(api.org.id, campaignId as string, { name: 'Renamed by a person' });
    const read = (await api.call('GET', `/api/v2/outbound/campaigns/${campaignId}`)).body as Record<
      string,
      unknown
    >;
    expect(
      (await api.call('PUT', `/api/v2/outbound/campaigns/${campaignId}`, { ...read, outboundLineCount: 3 }))
        .status,
    ).toBe(200);
    const mu = `/api/v2/workforcemanagement/managementunits/${agent?.managementUnitId}`;
    const create = {
      status: 'APPROVED',
      users: [{ id: agent?.id }],
      activityCodeId: 'ac-vacation',
      notes: timeOffMarker('ext-1'),
    };
    expect(
      (
        await api.call('POST', `${mu}/timeoffrequests`, {
          ...create,
          fullDayManagementUnitDates: ['2026-12-01'],
        })
      ).status,
    ).toBe(200);
    const bu = api.org.businessUnits[0];
    const week = bu?.schedules[0];
    const ids = `/api/v2/workforcemanagement/businessunits/${bu?.id}/weeks/${week?.weekId}/schedules/${week?.scheduleId}`;
    const first = await uploadAndUpdate(api, ids, { metadata: { version: 1 }, agentSchedules: [] });
    expect(first.status).toBe(200);
    await waitFor(
      () =>
        sim.sim.admin.scheduleOperation(api.org.id, (first.body as { operationId: string }).operationId)
          ?.status === 'Complete',
    );
    expect((await uploadAndUpdate(api, ids, { metadata: { version: 2 }, agentSchedules: [] })).status).toBe(
      200,
    );
    onlyViolation(sim, 'concurrentWrites', 0);
  });

  it('concurrentWrites: two writes to one resource in flight at once', async () => {
    const sim = await start({ faults: { latency: { p50Ms: 150, p99Ms: 200 } } });
    const api = await apiFor(sim);
    const path = `/api/v2/routing/users/${api.org.agents[0]?.id}/utilization`;
    const other = `/api/v2/routing/users/${api.org.agents[1]?.id}/utilization`;
    await Promise.all([
      api.call('PUT', path, { utilization: {} }),
      api.call('PUT', other, { utilization: {} }),
    ]);
    onlyViolation(sim, 'concurrentWrites', 0);
    await Promise.all([
      api.call('PUT', path, { utilization: {} }),
      api.call('PUT', path, { utilization: {} }),
    ]);
    onlyViolation(sim, 'concurrentWrites', 1);
    expect(sim.sim.admin.violations().violationLog[0]).toMatchObject({
      kind: 'concurrentWrites',
      orgId: api.org.id,
      resource: `utilization:${api.org.id}:${api.org.agents[0]?.id}`,
    });
  });

  it('requestsDuringRetryAfter: a request on a token before its Retry-After passed', async () => {
    const clock = manualClock();
    const sim = await start({ requestsPerMinute: 2, now: clock.now, faults: { retryAfterGraceMs: 300 } });
    const api = await apiFor(sim);
    const path = `/api/v2/telephony/providers/edges/trunks/${api.org.trunks[0]?.id}`;
    await api.call('GET', path);
    await api.call('GET', path);
    const limited = await api.call('GET', path);
    expect(limited.status).toBe(429);
    onlyViolation(sim, 'requestsDuringRetryAfter', 0);
    // Within the grace: a request that was already on its way when the 429 went out.
    clock.advance(300);
    await api.call('GET', path);
    onlyViolation(sim, 'requestsDuringRetryAfter', 0);
    clock.advance(1);
    await api.call('GET', path);
    onlyViolation(sim, 'requestsDuringRetryAfter', 1);
    // That request was answered 429 too, which restarted Retry-After from its arrival.
    clock.advance(Number(limited.headers.get('retry-after')) * 1000);
    expect((await api.call('GET', path)).status).toBe(200);
    onlyViolation(sim, 'requestsDuringRetryAfter', 1);
  });

  it('unhealthyTrunkWrites: a utilization write for an agent whose trunk has been unhealthy beyond the grace', async () => {
    const clock = manualClock();
    const sim = await start({ now: clock.now, faults: { unhealthyWriteGraceMs: 5000 } });
    const api = await apiFor(sim);
    const agent = api.org.agents[0];
    const path = `/api/v2/routing/users/${agent?.id}/utilization`;
    sim.sim.admin.setTrunkHealth(api.org.id, agent?.trunkId as string, 'offline');
    clock.advance(4000);
    await api.call('PUT', path, { utilization: {} });
    onlyViolation(sim, 'unhealthyTrunkWrites', 0);
    sim.sim.admin.setTrunkHealth(api.org.id, agent?.trunkId as string, 'degraded');
    clock.advance(2000);
    await api.call('PUT', path, { utilization: {} });
    onlyViolation(sim, 'unhealthyTrunkWrites', 1);
    sim.sim.admin.setTrunkHealth(api.org.id, agent?.trunkId as string, 'healthy');
    await api.call('PUT', path, { utilization: {} });
    onlyViolation(sim, 'unhealthyTrunkWrites', 1);
  });

  it('adminEditsOverwritten: a write that changes a field the administrator set', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const campaignId = api.org.campaigns[0]?.id as string;
    const path = `/api/v2/outbound/campaigns/${campaignId}`;
    const cached = (await api.call('GET', path)).body as Record<string, unknown>;
    sim.sim.admin.editCampaignAsAdmin(api.org.id, campaignId, { name: 'Holiday push', abandonRate: 2 });

    // Correct: re-read, re-apply only the owned field.
    const fresh = (await api.call('GET', path)).body as Record<string, unknown>;
    expect((await api.call('PUT', path, { ...fresh, outboundLineCount: 4 })).status).toBe(200);
    expect((await api.call('PATCH', path, { outboundLineCount: 5 })).status).toBe(204);
    onlyViolation(sim, 'adminEditsOverwritten', 0);

    // Wrong: the cached object with only the version refreshed puts the old name back.
    const current = (await api.call('GET', path)).body as { version: number };
    expect(
      (await api.call('PUT', path, { ...cached, version: current.version, outboundLineCount: 6 })).status,
    ).toBe(200);
    onlyViolation(sim, 'adminEditsOverwritten', 1);
    expect(sim.sim.admin.violations().violationLog[0]?.detail).toContain('name');
  });

  it('adminEditsOverwritten: a PATCH of a field the administrator set', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const campaignId = api.org.campaigns[0]?.id as string;
    sim.sim.admin.editCampaignAsAdmin(api.org.id, campaignId, { abandonRate: 9 });
    expect(
      (await api.call('PATCH', `/api/v2/outbound/campaigns/${campaignId}`, { abandonRate: 4 })).status,
    ).toBe(204);
    onlyViolation(sim, 'adminEditsOverwritten', 1);
  });

  it('duplicateTimeOffCreates: a second live request carrying the same sync marker', async () => {
    const sim = await start();
    const api = await apiFor(sim);
    const agent = api.org.agents[0];
    const path = `/api/v2/workforcemanagement/managementunits/${agent?.managementUnitId}/timeoffrequests`;
    const create = (date: string, externalId: string) => ({
      status: 'APPROVED',
      users: [{ id: agent?.id }],
      activityCodeId: 'ac-vacation',
      fullDayManagementUnitDates: [date],
      notes: `Leave ${timeOffMarker(externalId)}`,
    });
    const first = await api.call('POST', path, create('2026-12-01', 'zd-1'));
    expect((await api.call('POST', path, create('2026-12-08', 'zd-2'))).status).toBe(200);
    onlyViolation(sim, 'duplicateTimeOffCreates', 0);
    expect((await api.call('POST', path, create('2026-12-15', 'zd-1'))).status).toBe(200);
    onlyViolation(sim, 'duplicateTimeOffCreates', 1);

    // A canceled request may be replaced by a new one for the same external id.
    const firstId = (first.body as { timeOffRequests: Array<{ id: string }> }).timeOffRequests[0]?.id;
    const cancel = await api.call(
      'PATCH',
      `/api/v2/workforcemanagement/managementunits/${agent?.managementUnitId}/users/${agent?.id}/timeoffrequests/${firstId}`,
      { status: 'CANCELED', metadata: { version: 1 } },
    );
    expect(cancel.status).toBe(200);
    expect((await api.call('POST', path, create('2026-12-22', 'zd-2'))).status).toBe(200);
    onlyViolation(sim, 'duplicateTimeOffCreates', 2);
  });

  it('concurrentScheduleUpdates: an update started while another of the schedule is Processing', async () => {
    const sim = await start({
      faults: { scheduleOperationDelayMs: 10_000, scheduleStaleMode: 'asyncError' },
    });
    const api = await apiFor(sim);
    const bu = api.org.businessUnits[0];
    const week = bu?.schedules[0];
    const ids = `/api/v2/workforcemanagement/businessunits/${bu?.id}/weeks/${week?.weekId}/schedules/${week?.scheduleId}`;
    expect((await uploadAndUpdate(api, ids, { metadata: { version: 1 } })).status).toBe(200);
    onlyViolation(sim, 'concurrentScheduleUpdates', 0);
    expect((await uploadAndUpdate(api, ids, { metadata: { version: 1 } })).status).toBe(200);
    onlyViolation(sim, 'concurrentScheduleUpdates', 1);
  });
});
