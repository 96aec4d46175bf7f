import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { timeOffMarker } from '../src/index.js';
import { apiFor, useSims } from './helpers.js';

describe('time-off requests', () => {
  const start = useSims();

  async function setup(options: Parameters<typeof start>[0] = {}) {
    const sim = await start(options);
    const api = await apiFor(sim);
    const agent = api.org.agents[0];
    if (!agent) throw new Error('no agent');
    const mu = `/api/v2/workforcemanagement/managementunits/${agent.managementUnitId}`;
    const create = (overrides: Record<string, unknown> = {}) =>
      api.call('POST', `${mu}/timeoffrequests`, {
        status: 'PENDING',
        users: [{ id: agent.id }],
        activityCodeId: 'ac-vacation',
        fullDayManagementUnitDates: ['2026-12-01'],
        ...overrides,
      });
    const one = (id: string) => `${mu}/users/${agent.id}/timeoffrequests/${id}`;
    return { sim, api, agent, mu, create, one };
  }

  it('creates only PENDING or APPROVED requests with valid days', async () => {
    const { create } = await setup();
    for (const bad of [
      { status: 'DENIED' },
      { status: 'CANCELED' },
      { fullDayManagementUnitDates: [] },
      {
        fullDayManagementUnitDates: ['2026-12-01'],
        partialDayStartDateTimes: ['2026-12-02T09:00:00Z'],
        dailyDurationMinutes: 60,
      },
      { fullDayManagementUnitDates: undefined, partialDayStartDateTimes: ['2026-12-02T09:00:00Z'] },
      { activityCodeId: 'ac-unknown' },
      { users: [{ id: 'not-in-this-mu' }] },
      { users: [] },
    ]) {
      expect((await create(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    const partial = await create({
      fullDayManagementUnitDates: undefined,
      partialDayStartDateTimes: ['2026-12-02T09:00:00Z'],
      dailyDurationMinutes: 120,
    });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({
      timeOffRequests: [{ isFullDayRequest: false, dailyDurationMinutes: 120 }],
    });
  });

  it('answers an overlapping request for the same user with 409 duplicate, and lets canceled ones go', async () => {
    const { create, one, api } = await setup();
    const first = await create({ fullDayManagementUnitDates: ['2026-12-01', '2026-12-02'] });
    const overlap = await create({
      fullDayManagementUnitDates: undefined,
      partialDayStartDateTimes: ['2026-12-02T10:00:00Z'],
      durationMinutes: [60],
    });
    expect(overlap.body).toMatchObject({ status: 409, code: 'duplicate' });
    const id = (first.body as { timeOffRequests: Array<{ id: string }> }).timeOffRequests[0]?.id as string;
    expect((await api.call('PATCH', one(id), { status: 'CANCELED', metadata: { version: 1 } })).status).toBe(
      200,
    );
    expect((await create({ fullDayManagementUnitDates: ['2026-12-02'] })).status).toBe(200);
  });

  it('queries by ids, users, statuses and date range', async () => {
    const { create, api, mu, agent } = await setup();
    await create({ fullDayManagementUnitDates: ['2026-12-01'] });
    const approved = await create({ status: 'APPROVED', fullDayManagementUnitDates: ['2026-12-20'] });
    const approvedId = (approved.body as { timeOffRequests: Array<{ id: string }> }).timeOffRequests[0]?.id;
    const query = async (body: unknown) =>
      (
        (await api.call('POST', `${mu}/timeoffrequests/query`, body)).body as {
          entities: Array<{ id: string }>;
        }
      ).entities;
    expect(await query({})).toHaveLength(2);
    expect(await query({ userIds: [agent.id] })).toHaveLength(2);
    expect(await query({ userIds: ['someone-else'] })).toHaveLength(0);
    expect((await query({ statuses: ['APPROVED'] })).map((e) => e.id)).toEqual([approvedId]);
    expect((await query({ ids: [approvedId] })).map((e) => e.id)).toEqual([approvedId]);
    expect(
      (
        await query({ dateRange: { startDate: '2026-12-15T00:00:00Z', endDate: '2026-12-31T00:00:00Z' } })
      ).map((e) => e.id),
    ).toEqual([approvedId]);
    expect((await api.call('POST', `${mu}/timeoffrequests/query`, { statuses: ['LOST'] })).status).toBe(400);
    expect(
      (
        await api.call(
          'POST',
          '/api/v2/workforcemanagement/managementunits/mu-none/timeoffrequests/query',
          {},
        )
      ).status,
    ).toBe(404);
  });

  it('patches with the current version only, and never out of CANCELED', async () => {
    const { create, one, api } = await setup();
    const created = await create({ notes: `Leave ${timeOffMarker('ext 42/a]b')}` });
    const record = (created.body as { timeOffRequests: Array<{ id: string; notes: string }> })
      .timeOffRequests[0];
    expect(record?.notes).toBe('Leave [wfm-sync:ext%2042%2Fa%5Db]');
    const id = record?.id as string;
    expect((await api.call('PATCH', one(id), { notes: 'no version' })).status).toBe(400);
    const approved = await api.call('PATCH', one(id), { status: 'APPROVED', metadata: { version: 1 } });
    expect(approved.body).toMatchObject({
      status: 'APPROVED',
      metadata: { version: 2 },
      reviewedBy: { id: expect.any(String) },
    });
    expect((await api.call('PATCH', one(id), { status: 'PENDING', metadata: { version: 1 } })).status).toBe(
      409,
    );
    expect((await api.call('PATCH', one(id), { status: 'CANCELED', metadata: { version: 2 } })).status).toBe(
      200,
    );
    const revived = await api.call('PATCH', one(id), { status: 'APPROVED', metadata: { version: 3 } });
    expect(revived.status).toBe(400);
    expect((await api.call('GET', one(id))).body).toMatchObject({
      status: 'CANCELED',
      metadata: { version: 3 },
    });
    expect(
      (await api.call('PATCH', one('missing'), { status: 'CANCELED', metadata: { version: 1 } })).status,
    ).toBe(404);
  });

  it('applies a create and then drops the connection at dropCreateResponseRate', async () => {
    const { sim, create, api } = await setup({ faults: { dropCreateResponseRate: 1 } });
    await expect(create()).rejects.toThrow();
    await waitFor(() => sim.sim.admin.timeOffRequests(api.org.id).length === 1, {
      what: 'the applied create',
    });
    const entry = await waitFor(() =>
      sim.sim.admin.requestLog().find((e) => e.fault === 'dropCreateResponse'),
    );
    expect(entry).toMatchObject({ status: 0, stateChanging: true });
  });
});
