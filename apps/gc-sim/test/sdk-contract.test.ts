import { gzipSync } from 'node:zlib';
import { waitFor } from '@wfm-sync/test-support';
import platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { type RunningSim, timeOffMarker, VERSION_MISMATCH_MESSAGE } from '../src/index.js';
import { useSims } from './helpers.js';

/** The official SDK, pointed at the simulator the way a real deployment points it at a region. */
async function sdkFor(sim: RunningSim, orgIndex = 0) {
  const org = sim.sim.fixture.orgs[orgIndex];
  if (!org) throw new Error('no org');
  const client = new platformClient.ApiClientClass();
  const port = Number(new URL(sim.url).port);
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port });
  await client.loginClientCredentialsGrant(org.clientId, org.clientSecret);
  return {
    org,
    telephony: new platformClient.TelephonyProvidersEdgeApi(client),
    routing: new platformClient.RoutingApi(client),
    outbound: new platformClient.OutboundApi(client),
    wfm: new platformClient.WorkforceManagementApi(client),
  };
}

/** The SDK rejects with the parsed ErrorBody of a failed call. */
async function sdkError(promise: Promise<unknown>): Promise<platformClient.Models.ErrorBody> {
  try {
    await promise;
  } catch (error) {
    return error as platformClient.Models.ErrorBody;
  }
  throw new Error('expected the SDK call to fail');
}

describe('the official SDK reads every answer of the simulator', () => {
  const start = useSims();
  let sim: RunningSim;
  let sdk: Awaited<ReturnType<typeof sdkFor>>;

  async function setup(options: Parameters<typeof start>[0] = {}) {
    sim = await start(options);
    sdk = await sdkFor(sim);
  }

  it('lists trunks page by page and reads one, health expressed through the real fields', async () => {
    await setup();
    const first = await sdk.telephony.getTelephonyProvidersEdgesTrunks({ pageSize: 2, pageNumber: 1 });
    expect(first).toMatchObject({ pageSize: 2, pageNumber: 1, total: 3, pageCount: 2 });
    expect(first.entities).toHaveLength(2);
    const second = await sdk.telephony.getTelephonyProvidersEdgesTrunks({ pageSize: 2, pageNumber: 2 });
    expect(second.entities).toHaveLength(1);

    const trunkId = sdk.org.trunks[0]?.id as string;
    const healthy = await sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId);
    expect(healthy).toMatchObject({
      id: trunkId,
      state: 'active',
      trunkType: 'EXTERNAL',
      inService: true,
      enabled: true,
      connectedStatus: { connected: true },
      registersEnabledStatus: 'ENABLED',
      optionsEnabledStatus: 'ENABLED',
    });
    expect(healthy.registersStatus?.every((r) => r.registerState === true)).toBe(true);
    expect(healthy).not.toHaveProperty('healthStatus');

    sim.sim.admin.setTrunkHealth(sdk.org.id, trunkId, 'degraded');
    const degraded = await sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId);
    expect(degraded.connectedStatus?.connected).toBe(true);
    expect(degraded.registersStatus?.some((r) => r.registerState === false)).toBe(true);

    sim.sim.admin.setTrunkHealth(sdk.org.id, trunkId, 'offline');
    expect((await sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId)).connectedStatus?.connected).toBe(
      false,
    );

    expect(await sdkError(sdk.telephony.getTelephonyProvidersEdgesTrunk('no-such-trunk'))).toMatchObject({
      status: 404,
      code: 'not.found',
    });
  });

  it('reads and writes routing utilization as the full map', async () => {
    await setup();
    const userId = sdk.org.agents[0]?.id as string;
    const before = await sdk.routing.getRoutingUserUtilization(userId);
    expect(before.level).toBe('Organization');
    expect(Object.keys(before.utilization ?? {}).sort()).toEqual([
      'call',
      'callback',
      'chat',
      'email',
      'message',
    ]);

    const written = await sdk.routing.putRoutingUserUtilization(userId, {
      utilization: {
        call: { maximumCapacity: 2 },
        chat: { maximumCapacity: 3, interruptableMediaTypes: ['call'] },
      },
    });
    expect(written.level).toBe('Agent');
    expect(written.utilization?.call?.maximumCapacity).toBe(2);
    expect(written.utilization?.chat).toMatchObject({
      maximumCapacity: 3,
      interruptableMediaTypes: ['call'],
    });
    expect(written.utilization?.email?.maximumCapacity).toBe(before.utilization?.email?.maximumCapacity);
    expect(await sdk.routing.getRoutingUserUtilization(userId)).toEqual(written);

    expect(await sdkError(sdk.routing.getRoutingUserUtilization('no-such-user'))).toMatchObject({
      status: 404,
    });
    expect(
      await sdkError(
        sdk.routing.putRoutingUserUtilization(userId, { utilization: { call: { maximumCapacity: 26 } } }),
      ),
    ).toMatchObject({ status: 400, code: 'bad.request' });
  });

  it('versions campaigns: PUT with the current version, 409 on a stale one, PATCH without a body', async () => {
    await setup();
    const campaignId = sdk.org.campaigns[0]?.id as string;
    const campaign = await sdk.outbound.getOutboundCampaign(campaignId);
    expect(campaign).toMatchObject({ id: campaignId, version: 1, dialingMode: 'power' });

    const updated = await sdk.outbound.putOutboundCampaign(campaignId, {
      ...campaign,
      outboundLineCount: 12,
    });
    expect(updated).toMatchObject({ version: 2, outboundLineCount: 12, name: campaign.name });

    const conflict = await sdkError(
      sdk.outbound.putOutboundCampaign(campaignId, { ...campaign, outboundLineCount: 9 }),
    );
    expect(conflict).toMatchObject({ status: 409, code: 'conflict', message: VERSION_MISMATCH_MESSAGE });

    await expect(
      sdk.outbound.patchOutboundCampaign(campaignId, { outboundLineCount: 7 }),
    ).resolves.toBeFalsy();
    expect(await sdk.outbound.getOutboundCampaign(campaignId)).toMatchObject({
      version: 3,
      outboundLineCount: 7,
    });
  });

  it('creates, queries, reads and patches time-off requests', async () => {
    await setup();
    const agent = sdk.org.agents[0];
    if (!agent) throw new Error('no agent');
    const muId = agent.managementUnitId;
    const created = await sdk.wfm.postWorkforcemanagementManagementunitTimeoffrequests(muId, {
      status: 'APPROVED',
      users: [{ id: agent.id }],
      activityCodeId: 'ac-vacation',
      fullDayManagementUnitDates: ['2026-12-01', '2026-12-02'],
      notes: `Annual leave ${timeOffMarker('zd-ticket-88121')}`,
    });
    const request = created.timeOffRequests?.[0];
    expect(request).toMatchObject({ status: 'APPROVED', user: { id: agent.id }, metadata: { version: 1 } });
    const id = request?.id as string;

    const listing = await sdk.wfm.postWorkforcemanagementManagementunitTimeoffrequestsQuery(muId, {
      userIds: [agent.id],
    });
    expect(listing.entities.map((e) => e.id)).toEqual([id]);
    expect(listing.entities[0]?.notes).toContain('[wfm-sync:zd-ticket-88121]');

    const one = await sdk.wfm.getWorkforcemanagementManagementunitUserTimeoffrequest(muId, agent.id, id);
    expect(one).toMatchObject({ id, fullDayManagementUnitDates: ['2026-12-01', '2026-12-02'] });

    const canceled = await sdk.wfm.patchWorkforcemanagementManagementunitUserTimeoffrequest(
      muId,
      agent.id,
      id,
      {
        status: 'CANCELED',
        metadata: { version: 1 },
      },
    );
    expect(canceled).toMatchObject({ status: 'CANCELED', metadata: { version: 2 } });

    const stale = await sdkError(
      sdk.wfm.patchWorkforcemanagementManagementunitUserTimeoffrequest(muId, agent.id, id, {
        notes: 'late edit',
        metadata: { version: 1 },
      }),
    );
    expect(stale).toMatchObject({ status: 409, message: VERSION_MISMATCH_MESSAGE });

    const body = {
      status: 'PENDING',
      users: [{ id: agent.id }],
      activityCodeId: 'ac-vacation',
      fullDayManagementUnitDates: ['2026-12-10'],
    };
    await sdk.wfm.postWorkforcemanagementManagementunitTimeoffrequests(muId, body);
    expect(
      await sdkError(sdk.wfm.postWorkforcemanagementManagementunitTimeoffrequests(muId, body)),
    ).toMatchObject({
      status: 409,
      code: 'duplicate',
    });
    expect(
      await sdkError(
        sdk.wfm.getWorkforcemanagementManagementunitUserTimeoffrequest(muId, agent.id, 'missing'),
      ),
    ).toMatchObject({ status: 404 });
  });

  it('reads schedules and applies a three-step update asynchronously', async () => {
    await setup({ faults: { scheduleOperationDelayMs: 100 } });
    const bu = sdk.org.businessUnits[0];
    const week = bu?.schedules[0];
    const agent = sdk.org.agents[0];
    if (!bu || !week || !agent) throw new Error('fixture without a schedule');
    const ids = [bu.id, week.weekId, week.scheduleId] as const;

    const schedule = await sdk.wfm.getWorkforcemanagementBusinessunitWeekSchedule(...ids);
    expect(schedule).toMatchObject({ id: week.scheduleId, weekDate: week.weekId, metadata: { version: 1 } });

    const read = await sdk.wfm.postWorkforcemanagementBusinessunitWeekScheduleAgentschedulesQuery(...ids, {
      managementUnitId: agent.managementUnitId,
      userIds: [agent.id],
    });
    const current = read.result?.agentSchedules?.[0];
    expect(current).toMatchObject({ user: { id: agent.id }, metadata: { version: 1 } });
    expect(read.result?.businessUnitTimeZone).toBe('Asia/Singapore');

    const payload = gzipSync(
      JSON.stringify({
        metadata: { version: 1 },
        agentSchedules: [
          {
            userId: agent.id,
            metadata: { version: 1 },
            shifts: [
              {
                startDate: '2026-11-24T01:00:00Z',
                lengthMinutes: 240,
                activities: [
                  { activityCodeId: 'ac-work', startDate: '2026-11-24T01:00:00Z', lengthMinutes: 240 },
                ],
              },
            ],
          },
        ],
      }),
    );
    const upload = await sdk.wfm.postWorkforcemanagementBusinessunitWeekScheduleUpdateUploadurl(...ids, {
      contentLengthBytes: payload.length,
    });
    expect(upload.headers).toEqual({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    const put = await fetch(upload.url as string, { method: 'PUT', headers: upload.headers, body: payload });
    expect(put.status).toBe(200);

    const started = await sdk.wfm.postWorkforcemanagementBusinessunitWeekScheduleUpdate(...ids, {
      uploadKey: upload.uploadKey as string,
    });
    expect(started).toMatchObject({ status: 'Processing' });
    expect(started.operationId).toMatch(/^[0-9a-f-]{36}$/);

    await waitFor(
      async () =>
        (await sdk.wfm.getWorkforcemanagementBusinessunitWeekSchedule(...ids)).metadata?.version === 2,
      { what: 'the schedule version to move' },
    );
    const after = await sdk.wfm.postWorkforcemanagementBusinessunitWeekScheduleAgentschedulesQuery(...ids, {
      managementUnitId: agent.managementUnitId,
      userIds: [agent.id],
    });
    const written = after.result?.agentSchedules?.[0];
    expect(written?.metadata?.version).toBe(2);
    expect(written?.shifts).toHaveLength(1);
    expect(written?.shifts?.[0]).toMatchObject({ startDate: '2026-11-24T01:00:00Z', lengthMinutes: 240 });
  });

  it('surfaces 429 through the SDK when the token budget is spent', async () => {
    await setup({ requestsPerMinute: 2 });
    const trunkId = sdk.org.trunks[0]?.id as string;
    await sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId);
    await sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId);
    expect(await sdkError(sdk.telephony.getTelephonyProvidersEdgesTrunk(trunkId))).toMatchObject({
      status: 429,
      code: 'too.many.requests',
    });
  });
});
