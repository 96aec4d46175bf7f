import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GenesysClient, WriteRefusedError } from '../src/index.js';
import { type Fixture, rejectionOf, startFixture } from './support/fixture.js';

const MU = 'mu-1';
const SCHEDULE = ['bu-1', '2025-01-06', 'sch-1'] as const;

/** Every state-changing call of the client, with plausible arguments. */
function writes(client: GenesysClient, deadline?: number): Array<[string, () => Promise<unknown>]> {
  const guard = deadline === undefined ? undefined : { deadline };
  return [
    [
      'putUtilization',
      () => client.putUtilization('u1', { utilization: { call: { maximumCapacity: 1 } } }, guard),
    ],
    [
      'putCampaign',
      () => client.putCampaign({ id: 'c1', name: 'Sales', version: 1, outboundLineCount: 3 }, guard),
    ],
    ['patchCampaign', () => client.patchCampaign('c1', { outboundLineCount: 4 }, guard)],
    [
      'createTimeOffRequests',
      () =>
        client.createTimeOffRequests(
          MU,
          {
            status: 'APPROVED',
            users: [{ id: 'u1' }],
            activityCodeId: 'ac',
            fullDayManagementUnitDates: ['2025-01-07'],
          },
          guard,
        ),
    ],
    [
      'patchTimeOffRequest',
      () =>
        client.patchTimeOffRequest(MU, 'u1', 'tor-1', { status: 'DENIED', metadata: { version: 1 } }, guard),
    ],
    [
      'requestScheduleUploadUrl',
      () => client.requestScheduleUploadUrl(...SCHEDULE, { contentLengthBytes: 10 }, guard),
    ],
    [
      'uploadScheduleBody',
      () => client.uploadScheduleBody('https://storage.example/u', {}, Buffer.from('x'), guard),
    ],
    ['startScheduleUpdate', () => client.startScheduleUpdate(...SCHEDULE, { uploadKey: 'k' }, guard)],
    [
      'updateSchedule',
      () => client.updateSchedule(...SCHEDULE, { metadata: { version: 1 }, agentSchedules: [] }, guard),
    ],
  ];
}

describe('write guards', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture('gc-guard');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('a dry-run org refuses every write and sends nothing', async () => {
    const client = fx.client({ org: { mode: 'dry-run' } });
    for (const [name, call] of writes(client)) {
      const error = await rejectionOf(call());
      expect(error, name).toBeInstanceOf(WriteRefusedError);
      expect(error, name).toMatchObject({ reason: 'dry-run' });
    }
    expect(fx.fake.requests).toHaveLength(0);
    const refused = await fx.registry.getSingleMetricAsString('wfm_sync_genesys_writes_refused_total');
    expect(refused).toContain('wfm_sync_genesys_writes_refused_total{org="acme-apac",reason="dry-run"} 9');
  });

  it('a dry-run org still reads, including the read-only POST queries', async () => {
    fx.fake.on('POST', '/api/v2/workforcemanagement/managementunits/{mu}/timeoffrequests/query', () => ({
      status: 200,
      body: { entities: [] },
    }));
    fx.fake.on(
      'POST',
      '/api/v2/workforcemanagement/businessunits/{bu}/weeks/{week}/schedules/{id}/agentschedules/query',
      () => ({ status: 200, body: { status: 'Complete', result: { agentSchedules: [] } } }),
    );
    const client = fx.client({ org: { mode: 'dry-run' } });
    await expect(client.queryTimeOffRequests(MU, { userIds: ['u1'] })).resolves.toEqual({ entities: [] });
    await expect(client.queryAgentSchedules(...SCHEDULE, { managementUnitId: MU })).resolves.toMatchObject({
      status: 'Complete',
    });
    expect(fx.fake.apiRequests()).toHaveLength(2);
  });

  it('a write within 250 ms of its lease end is refused and nothing is sent', async () => {
    const client = fx.client();
    for (const [name, call] of writes(client, Date.now() + 200)) {
      const error = await rejectionOf(call());
      expect(error, name).toMatchObject({ name: 'WriteRefusedError', reason: 'lease-expired' });
    }
    expect(fx.fake.requests).toHaveLength(0);
  });

  it('beforeSend runs after the budget wait, right before sending, and its error stops the write unsent', async () => {
    fx.fake.on('PUT', '/api/v2/routing/users/{id}/utilization', () => ({
      status: 200,
      body: { utilization: {} },
    }));
    const client = fx.client({ org: { requestsPerMinute: 60 } });
    // Spend the burst, so the next write has to wait for the budget.
    for (let i = 0; i < 5; i++) await client.getUtilization('u1').catch(() => undefined);
    const calledAt: number[] = [];
    const started = Date.now();
    const refusal = new Error('trunk went unhealthy while waiting');
    await expect(
      client.putUtilization(
        'u1',
        { utilization: { call: { maximumCapacity: 1 } } },
        {
          beforeSend: async () => {
            calledAt.push(Date.now());
            throw refusal;
          },
        },
      ),
    ).rejects.toBe(refusal);
    expect(calledAt).toHaveLength(1);
    expect(calledAt[0]! - started).toBeGreaterThanOrEqual(500);
    expect(fx.fake.apiRequests().filter((r) => r.method === 'PUT')).toHaveLength(0);
  });

  it('the lease caps the request timeout', async () => {
    fx.fake.on('PATCH', '/api/v2/outbound/campaigns/{id}', () => ({ hang: true }));
    const client = fx.client({ options: { requestTimeoutMs: 10_000 } });
    const started = Date.now();
    const error = await rejectionOf(
      client.patchCampaign('c1', { outboundLineCount: 4 }, { deadline: Date.now() + 1000 }),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 'ETIMEDOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('patchCampaign accepts 204 and an empty 200', async () => {
    let status = 204;
    fx.fake.on('PATCH', '/api/v2/outbound/campaigns/{id}', () => ({ status }));
    const client = fx.client();
    await expect(client.patchCampaign('c1', { outboundLineCount: 4 })).resolves.toBeUndefined();
    status = 200;
    await expect(client.patchCampaign('c1', { outboundLineCount: 5 })).resolves.toBeUndefined();
    expect(fx.fake.apiRequests().map((request) => JSON.parse(request.body.toString()))).toEqual([
      { outboundLineCount: 4 },
      { outboundLineCount: 5 },
    ]);
  });
});
