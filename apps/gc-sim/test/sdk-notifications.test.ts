import platformClient from 'purecloud-platform-client-v2';
import { describe, expect, it } from 'vitest';
import { buSchedulesTopic, type RunningSim, trunkTopic } from '../src/index.js';
import { useSims } from './helpers.js';
import { openSocket } from './notification-helpers.js';

/** The official SDK's NotificationsApi, pointed at the simulator as in sdk-contract.test.ts. */
async function notificationsSdk(sim: RunningSim, orgIndex = 0, returnExtended = false) {
  const org = sim.sim.fixture.orgs[orgIndex];
  if (!org) throw new Error('no org');
  const client = new platformClient.ApiClientClass();
  // A HEAD answer has no body, so only the extended answer carries a failed HEAD's status.
  client.setReturnExtendedResponses(returnExtended);
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port: Number(new URL(sim.url).port) });
  await client.loginClientCredentialsGrant(org.clientId, org.clientSecret);
  return { org, notifications: new platformClient.NotificationsApi(client) };
}

async function sdkError(promise: Promise<unknown>): Promise<platformClient.Models.ErrorBody> {
  try {
    await promise;
  } catch (error) {
    return error as platformClient.Models.ErrorBody;
  }
  throw new Error('expected the SDK call to fail');
}

describe('the official SDK drives the notification routes', () => {
  const start = useSims();

  it('creates a channel, checks it, subscribes, lists and adds through NotificationsApi models', async () => {
    const sim = await start({
      faults: { notifications: { permissionDeniedTopics: ['v2.workforcemanagement.*'] } },
    });
    const { org, notifications } = await notificationsSdk(sim);
    const trunkId = org.trunks[0]?.id as string;
    const buId = org.businessUnits[0]?.id as string;

    const channel: platformClient.Models.Channel = await notifications.postNotificationsChannels();
    expect(channel.id).toEqual(expect.any(String));
    expect(channel.connectUri).toBe(`ws://127.0.0.1:${new URL(sim.url).port}/channels/${channel.id}`);
    expect(Number.isNaN(Date.parse(channel.expires ?? ''))).toBe(false);
    const channelId = channel.id as string;

    await expect(notifications.headNotificationsChannel(channelId)).resolves.toBeFalsy();
    const extended = await notificationsSdk(sim, 0, true);
    expect(await sdkError(extended.notifications.headNotificationsChannel('no-such-channel'))).toMatchObject({
      status: 404,
    });

    const put: platformClient.Models.ChannelTopicEntityListing =
      await notifications.putNotificationsChannelSubscriptions(channelId, [
        { id: trunkTopic(trunkId) },
        { id: buSchedulesTopic(buId) },
        { id: 'v2.users.x.presence' },
      ]);
    const byId = new Map((put.entities ?? []).map((t) => [t.id, t]));
    expect(byId.get(trunkTopic(trunkId))?.state).toBe('Permitted');
    expect(byId.get(buSchedulesTopic(buId))).toMatchObject({
      state: 'Rejected',
      missingPermissions: ['wfm:schedule:view'],
    });
    expect(byId.get('v2.users.x.presence')?.state).toBe('Rejected');

    const other = org.trunks[1]?.id as string;
    const added = await notifications.postNotificationsChannelSubscriptions(
      channelId,
      [{ id: trunkTopic(other) }],
      {
        ignoreErrors: true,
      },
    );
    expect(added.entities?.map((t) => t.id)).toEqual([trunkTopic(trunkId), trunkTopic(other)]);
    const listed = await notifications.getNotificationsChannelSubscriptions(channelId);
    expect(listed.entities?.map((t) => t.id)).toEqual([trunkTopic(trunkId), trunkTopic(other)]);

    expect(
      await sdkError(notifications.getNotificationsChannelSubscriptions('no-such-channel')),
    ).toMatchObject({ status: 404, code: 'not.found' });
    expect(
      await sdkError(notifications.putNotificationsChannelSubscriptions(channelId, [{ state: 'x' }])),
    ).toMatchObject({ status: 400, code: 'bad.request' });

    // The connectUri the SDK read is the one a client connects to.
    const socket = await openSocket(channel.connectUri as string);
    sim.sim.admin.setTrunkHealth(org.id, trunkId, 'degraded');
    const pushed = await socket.next((m) => m.topicName === trunkTopic(trunkId), 'the trunk change');
    const body = pushed.eventBody as platformClient.Models.TrunkInstanceTopicTrunk;
    expect(body.id).toBe(trunkId);
    expect(body.registersStatus?.some((r) => r.registerState === false)).toBe(true);
    socket.ws.close();
  });

  it('answers 403 through the SDK for a refused org, and another org cannot see the channel', async () => {
    const sim = await start();
    const first = await notificationsSdk(sim, 0);
    const second = await notificationsSdk(sim, 1, true);
    const channel = await first.notifications.postNotificationsChannels();
    expect(await sdkError(second.notifications.headNotificationsChannel(channel.id as string))).toMatchObject(
      {
        status: 404,
      },
    );
    sim.sim.admin.updateFaults({ notifications: { refusedOrgIds: [first.org.id] } });
    expect(await sdkError(first.notifications.postNotificationsChannels())).toMatchObject({
      status: 403,
      code: 'missing.permissions',
    });
  });
});
