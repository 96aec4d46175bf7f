import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { buSchedulesTopic, CHANNEL_LIFETIME_MS, generateFixture, trunkTopic } from '../src/index.js';
import { http, manualClock, useSims } from './helpers.js';
import { notificationClient, openSocket, upgradeStatus } from './notification-helpers.js';

describe('notifications: channels, subscriptions and the WebSocket', () => {
  const start = useSims();

  it('creates a channel on its own port, subscribes, and pushes a trunk change and an operation end', async () => {
    const sim = await start({ faults: { scheduleOperationDelayMs: 20, scheduleStaleMode: 'asyncError' } });
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    expect(channel.connectUri).toBe(`${sim.url.replace('http:', 'ws:')}/channels/${channel.id}`);
    expect(Date.parse(channel.expires)).toBeGreaterThan(Date.now() + CHANNEL_LIFETIME_MS - 60_000);
    expect((await client.head(channel.id)).status).toBe(200);

    const otherOrgTrunk = sim.sim.fixture.orgs[1]?.trunks[0]?.id as string;
    const put = await client.subscribe(channel.id, [
      trunkTopic(client.trunk.id),
      buSchedulesTopic(client.bu.id),
      trunkTopic(otherOrgTrunk),
      buSchedulesTopic('bu-nowhere'),
      'v2.users.someone.presence',
    ]);
    expect(put.status).toBe(200);
    const entities = (put.body as { entities: Array<{ id: string; state: string }> }).entities;
    expect(entities.map((t) => [t.id, t.state])).toEqual([
      [trunkTopic(client.trunk.id), 'Permitted'],
      [buSchedulesTopic(client.bu.id), 'Permitted'],
      [trunkTopic(otherOrgTrunk), 'Rejected'],
      [buSchedulesTopic('bu-nowhere'), 'Rejected'],
      ['v2.users.someone.presence', 'Rejected'],
    ]);
    const listed = await client.call('GET', `/api/v2/notifications/channels/${channel.id}/subscriptions`);
    expect(listed.body).toEqual({
      entities: [
        { id: trunkTopic(client.trunk.id), state: 'Permitted' },
        { id: buSchedulesTopic(client.bu.id), state: 'Permitted' },
      ],
    });

    const socket = await openSocket(channel.connectUri);
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 1, {
      what: 'the connection counted',
    });
    sim.sim.admin.setTrunkHealth(client.org.id, client.trunk.id, 'offline', 'disconnected');
    const trunkMessage = await socket.next(
      (m) => m.topicName === trunkTopic(client.trunk.id),
      'a trunk change',
    );
    expect(trunkMessage).toMatchObject({
      version: '2',
      eventBody: { id: client.trunk.id, connectedStatus: { connected: false } },
      metadata: { CorrelationId: expect.any(String) },
    });
    expect(trunkMessage.eventBody).not.toHaveProperty('state');
    expect(trunkMessage.eventBody).not.toHaveProperty('inService');

    const operation = await client.scheduleUpdate();
    const ended = await socket.next(
      (m) => m.topicName === buSchedulesTopic(client.bu.id),
      'an operation end',
    );
    expect(ended.eventBody).toMatchObject({
      status: 'Complete',
      operationId: operation.operationId,
      eventType: 'Update',
      result: { metadata: { version: 2 } },
    });

    const failed = await client.scheduleUpdate(1); // stale now: the schedule is at version 2
    expect(failed.status).toBe('Processing');
    const error = await socket.next(
      (m) => m.eventBody.operationId === failed.operationId,
      'the end of the stale operation',
    );
    expect(error.eventBody).toEqual({
      status: 'Error',
      operationId: failed.operationId,
      eventType: 'Update',
    });

    const report = sim.sim.admin.notifications.report();
    expect(report.orgs[client.org.id]).toMatchObject({
      channelsCreated: 1,
      channelsLive: 1,
      connectionsOpened: 1,
      topicsRejected: 3,
    });
    expect(report.topics[trunkTopic(client.trunk.id)]).toEqual({
      published: 1,
      sent: 1,
      dropped: 0,
      notConnected: 0,
    });
    expect(report.topics[buSchedulesTopic(client.bu.id)]).toMatchObject({ published: 2, sent: 2 });
    expect((await http(`${sim.url}/__sim/notifications`)).body).toEqual(report);
    socket.ws.close();
  }, 20_000);

  it('publishes every change of health or variant, and nothing when the health is set again unchanged', async () => {
    const sim = await start();
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    await client.subscribe(channel.id, [trunkTopic(client.trunk.id)]);
    const socket = await openSocket(channel.connectUri);
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 1);
    const { admin } = sim.sim;
    admin.setTrunkHealth(client.org.id, client.trunk.id, 'degraded', 'register');
    admin.setTrunkHealth(client.org.id, client.trunk.id, 'degraded', 'register');
    admin.setTrunkHealth(client.org.id, client.trunk.id, 'degraded', 'options');
    admin.setTrunkHealth(client.org.id, client.trunk.id, 'healthy');
    socket.ping();
    await socket.next((m) => m.eventBody.message === 'pong', 'the pong after the changes');
    const changes = socket.messages.filter((m) => m.topicName === trunkTopic(client.trunk.id));
    expect(changes).toHaveLength(3);
    const failing = (m: (typeof changes)[number]) => ({
      register: (m.eventBody.registersStatus as Array<{ registerState: boolean }>).some(
        (r) => !r.registerState,
      ),
      options: (m.eventBody.optionsStatus as Array<{ optionState: boolean }>).some((o) => !o.optionState),
    });
    expect(changes.map(failing)).toEqual([
      { register: true, options: false },
      { register: false, options: true },
      { register: false, options: false },
    ]);
    socket.ws.close();
  });

  it('publishes the changes of a flapping trunk', async () => {
    const running = await start();
    const client = await notificationClient(running);
    const channel = await client.createChannel();
    await client.subscribe(channel.id, [trunkTopic(client.trunk.id)]);
    const socket = await openSocket(channel.connectUri);
    await waitFor(() => running.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 1);
    running.sim.admin.updateFaults({
      flapping: { trunkIds: [client.trunk.id], minDwellMs: 5, maxDwellMs: 10 },
    });
    await waitFor(
      () => socket.messages.filter((m) => m.topicName === trunkTopic(client.trunk.id)).length >= 4,
      {
        what: 'four flaps pushed',
      },
    );
    running.sim.admin.updateFaults({ flapping: { trunkIds: [] } });
    const published = running.sim.admin.notifications.report().topics[trunkTopic(client.trunk.id)];
    expect(published?.published).toBeGreaterThanOrEqual(4);
    socket.ws.close();
  });

  it('sends heartbeats at the configured pace and answers a ping with a pong', async () => {
    const sim = await start({ faults: { notifications: { heartbeatIntervalMs: 20 } } });
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    const socket = await openSocket(channel.connectUri);
    await waitFor(
      () =>
        socket.messages.filter(
          (m) => m.topicName === 'channel.metadata' && m.eventBody.message === 'WebSocket Heartbeat',
        ).length >= 3,
      { what: 'three heartbeats' },
    );
    expect(socket.messages[0]).toEqual({
      topicName: 'channel.metadata',
      eventBody: { message: 'WebSocket Heartbeat' },
    });
    socket.ping();
    expect(await socket.next((m) => m.eventBody.message === 'pong', 'a pong')).toEqual({
      topicName: 'channel.metadata',
      eventBody: { message: 'pong' },
    });
    socket.ws.send('not json');
    socket.ws.send(JSON.stringify({ message: 'something else' }));
    socket.ping();
    await waitFor(() => socket.messages.filter((m) => m.eventBody.message === 'pong').length === 2);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    socket.ws.close();
  });

  it('allows one connection per channel and refuses unknown channels', async () => {
    const sim = await start();
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    const socket = await openSocket(channel.connectUri);
    expect(await upgradeStatus(channel.connectUri)).toBe(409);
    expect(await upgradeStatus(channel.connectUri.replace(channel.id, 'no-such-channel'))).toBe(404);
    expect(await upgradeStatus(`${sim.url.replace('http:', 'ws:')}/elsewhere`)).toBe(404);
    socket.ws.close();
    await socket.closed;
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 0);
    const again = await openSocket(channel.connectUri);
    expect(sim.sim.admin.notifications.report().orgs[client.org.id]).toMatchObject({
      connectionsOpened: 2,
      connectionsRefused: 1,
    });
    again.ws.close();
  });

  it('keeps 20 channels per client: a 21st evicts the least recently used, unconnected ones first', async () => {
    const sim = await start();
    const client = await notificationClient(sim);
    const channels = [];
    for (let i = 0; i < 20; i++) channels.push(await client.createChannel());
    const [oldest, second, third] = channels;
    if (!oldest || !second || !third) throw new Error('no channels');
    const connected = await openSocket(oldest.connectUri);
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 1);
    await client.head(second.id); // used: now third is the least recently used unconnected one

    await client.createChannel();
    expect((await client.head(third.id)).status).toBe(404);
    expect((await client.head(oldest.id)).status).toBe(200);
    expect((await client.head(second.id)).status).toBe(200);
    expect(sim.sim.admin.notifications.report().orgs[client.org.id]).toMatchObject({
      channelsCreated: 21,
      channelsEvicted: 1,
      channelsLive: 20,
    });
    // Another org's channels are its own: its 1st channel evicts nothing here.
    const other = await notificationClient(sim, 1);
    await other.createChannel();
    expect((await other.head(oldest.id)).status).toBe(404);
    expect((await client.head(oldest.id)).status).toBe(200);
    connected.ws.close();
  });

  it('evicts a connected channel when all 20 are connected, closing its connection', async () => {
    const sim = await start();
    const client = await notificationClient(sim);
    const sockets = [];
    const channels = [];
    for (let i = 0; i < 20; i++) {
      const channel = await client.createChannel();
      channels.push(channel);
      sockets.push(await openSocket(channel.connectUri));
    }
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 20);
    await client.createChannel();
    expect(await sockets[0]?.closed).toEqual({
      code: 1000,
      reason: 'channel removed: the client created a 21st',
    });
    expect((await client.head(channels[0]?.id as string)).status).toBe(404);
    for (const socket of sockets.slice(1)) socket.ws.close();
  });

  it('refuses more than 1,000 topics on a channel with 400, changing nothing', async () => {
    const sim = await start({
      fixture: generateFixture({
        seed: 3,
        orgs: 1,
        trunksPerOrg: 1001,
        agentsPerOrg: 2,
      }),
    });
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    const topics = sim.sim.fixture.orgs[0]?.trunks.map((t) => trunkTopic(t.id)) ?? [];
    expect(topics).toHaveLength(1001);
    const tooMany = await client.subscribe(channel.id, topics);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: 'bad.request' });
    expect((await client.subscribe(channel.id, topics.slice(0, 1000))).status).toBe(200);
    expect((await client.subscribe(channel.id, topics.slice(1000), 'POST')).status).toBe(400);
    const listed = await client.call('GET', `/api/v2/notifications/channels/${channel.id}/subscriptions`);
    expect((listed.body as { entities: unknown[] }).entities).toHaveLength(1000);
  });

  it('adds with POST, replaces with PUT, and only a PUT renews the 24 h lifetime', async () => {
    const clock = manualClock();
    const sim = await start({ now: clock.now, tokenLifetimeS: 172_800 });
    const client = await notificationClient(sim);
    const [t1, t2] = client.org.trunks.map((t) => trunkTopic(t.id));
    const channel = await client.createChannel();
    expect(channel.expires).toBe(new Date(clock.now() + CHANNEL_LIFETIME_MS).toISOString());
    await client.subscribe(channel.id, [t1 as string]);
    const added = await client.subscribe(channel.id, [t2 as string, 'v2.nothing'], 'POST');
    expect((added.body as { entities: Array<{ id: string; state: string }> }).entities).toEqual([
      { id: t1, state: 'Permitted' },
      { id: t2, state: 'Permitted' },
      { id: 'v2.nothing', state: 'Rejected', rejectionReason: expect.any(String) },
    ]);

    clock.advance(CHANNEL_LIFETIME_MS - 1000);
    await client.subscribe(channel.id, [t2 as string], 'POST'); // no renewal
    clock.advance(500);
    const replaced = await client.subscribe(channel.id, [t2 as string]); // renewal
    expect((replaced.body as { entities: unknown[] }).entities).toEqual([{ id: t2, state: 'Permitted' }]);
    clock.advance(CHANNEL_LIFETIME_MS - 1);
    expect((await client.head(channel.id)).status).toBe(200);
    clock.advance(1);
    expect((await client.head(channel.id)).status).toBe(404);
    expect((await client.subscribe(channel.id, [t1 as string])).status).toBe(404);
    expect(sim.sim.admin.notifications.report().orgs[client.org.id]).toMatchObject({
      channelsExpired: 1,
      channelsLive: 0,
    });

    const fresh = await notificationClient(sim); // a new token: the first one is nearly 48 h old
    const unrenewed = await fresh.createChannel();
    clock.advance(CHANNEL_LIFETIME_MS - 1);
    expect((await fresh.head(unrenewed.id)).status).toBe(200);
    clock.advance(1);
    expect((await fresh.head(unrenewed.id)).status).toBe(404);
  });

  it('counts the notification calls against the token budget like any other call', async () => {
    const sim = await start({ requestsPerMinute: 3 });
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    expect((await client.head(channel.id)).status).toBe(200);
    expect((await client.subscribe(channel.id, [])).status).toBe(200);
    const limited = await client.call('POST', '/api/v2/notifications/channels');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(
      sim.sim.admin
        .requestLog()
        .map((e) => e.route)
        .filter((route) => route.startsWith('/api/')),
    ).toEqual([
      '/api/v2/notifications/channels',
      '/api/v2/notifications/channels/:channelId',
      '/api/v2/notifications/channels/:channelId/subscriptions',
      '/api/v2/notifications/channels',
    ]);
    expect((await http(`${sim.url}/api/v2/notifications/channels`, { method: 'POST' })).status).toBe(401);
  });

  it('closes the connections when the simulator closes', async () => {
    const sim = await start();
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    const socket = await openSocket(channel.connectUri);
    await sim.close();
    expect((await socket.closed).code).toBe(1001);
  });
});
