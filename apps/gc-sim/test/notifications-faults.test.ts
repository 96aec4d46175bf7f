import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { buSchedulesTopic, CHANNEL_LIFETIME_MS, type RunningSim, trunkTopic } from '../src/index.js';
import { http, manualClock, useSims } from './helpers.js';
import { notificationClient, openSocket } from './notification-helpers.js';

const isHeartbeat = (m: { topicName: string; eventBody: Record<string, unknown> }) =>
  m.topicName === 'channel.metadata' && m.eventBody.message === 'WebSocket Heartbeat';

/** A connected channel of org 0 subscribed to its first trunk. */
async function listening(sim: RunningSim) {
  const client = await notificationClient(sim);
  const channel = await client.createChannel();
  await client.subscribe(channel.id, [trunkTopic(client.trunk.id), buSchedulesTopic(client.bu.id)]);
  const socket = await openSocket(channel.connectUri);
  await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.connectionsOpen === 1, {
    what: 'the connection counted',
  });
  const counters = () => sim.sim.admin.notifications.report().orgs[client.org.id];
  return { client, channel, socket, counters };
}

describe('notification faults, each off by default', () => {
  const start = useSims();

  it('drops every message at dropMessageRate 1, and counts what was dropped', async () => {
    const sim = await start({ faults: { notifications: { dropMessageRate: 1 } } });
    const { client, socket } = await listening(sim);
    sim.sim.admin.setTrunkHealth(client.org.id, client.trunk.id, 'offline');
    socket.ping(); // frames are ordered: had the change been sent, it would come before the pong
    await socket.next((m) => m.eventBody.message === 'pong', 'a pong');
    expect(socket.messages.filter((m) => m.topicName.startsWith('v2.'))).toEqual([]);
    expect(sim.sim.admin.notifications.report().topics[trunkTopic(client.trunk.id)]).toEqual({
      published: 1,
      sent: 0,
      dropped: 1,
      notConnected: 0,
    });
    socket.ws.close();
  });

  it('drops about the configured share of messages', async () => {
    const sim = await start({ faults: { notifications: { dropMessageRate: 0.3 } } });
    const { client, socket } = await listening(sim);
    for (let i = 0; i < 400; i++) {
      sim.sim.admin.setTrunkHealth(client.org.id, client.trunk.id, i % 2 === 0 ? 'offline' : 'healthy');
    }
    socket.ping();
    await socket.next((m) => m.eventBody.message === 'pong', 'a pong');
    const counters = sim.sim.admin.notifications.report().topics[trunkTopic(client.trunk.id)];
    const received = socket.messages.filter((m) => m.topicName === trunkTopic(client.trunk.id)).length;
    expect(counters?.sent).toBe(received);
    expect((counters?.sent ?? 0) + (counters?.dropped ?? 0)).toBe(400);
    // 400 × 0.3 = 120 ± 4 standard deviations (≈ 37)
    expect(counters?.dropped).toBeGreaterThan(83);
    expect(counters?.dropped).toBeLessThan(157);
    socket.ws.close();
  });

  it('cuts connections at random without a close frame; the channel survives', async () => {
    const sim = await start();
    const { channel, socket, counters } = await listening(sim);
    // Switched on once connected (the live connection gets its cut timer), so the cut cannot beat the setup.
    sim.sim.admin.updateFaults({ notifications: { connectionCutsPerMinute: 60_000 } });
    expect((await socket.closed).code).toBe(1006);
    await waitFor(() => counters()?.connectionsOpen === 0, { what: 'the cut counted' });
    expect(counters()?.connectionsCut).toBe(1);
    sim.sim.admin.updateFaults({ notifications: {} });
    const again = await openSocket(channel.connectUri);
    again.ping();
    await again.next((m) => m.eventBody.message === 'pong', 'a pong on the new connection');
    again.ws.close();
  });

  it('stops heartbeats while heartbeatsStopped holds, still answering pings', async () => {
    const sim = await start({
      faults: { notifications: { heartbeatIntervalMs: 10, heartbeatsStopped: true } },
    });
    const { socket, counters } = await listening(sim);
    await waitFor(() => (counters()?.heartbeatsWithheld ?? 0) >= 3, { what: 'three heartbeats withheld' });
    socket.ping();
    await socket.next((m) => m.eventBody.message === 'pong', 'a pong');
    expect(socket.messages.filter(isHeartbeat)).toEqual([]);
    expect(counters()?.heartbeatsSent).toBe(0);
    sim.sim.admin.updateFaults({ notifications: { heartbeatIntervalMs: 10 } });
    await socket.next(isHeartbeat, 'heartbeats again once the fault is off');
    socket.ws.close();
  });

  it('announces v2.system.socket_closing on demand and closes after the delay', async () => {
    const sim = await start({ faults: { notifications: { socketClosingDelayMs: 30 } } });
    const { client, channel, socket, counters } = await listening(sim);
    const second = await openSocket((await client.createChannel()).connectUri);
    await waitFor(() => counters()?.connectionsOpen === 2, { what: 'two connections' });
    const announced = await http(`${sim.url}/__sim/notifications/socket-closing`, {
      method: 'POST',
      body: { orgId: client.org.id },
    });
    expect(announced.body).toEqual({ announced: 2 });
    const closing = await socket.next((m) => m.topicName === 'v2.system.socket_closing', 'socket_closing');
    expect(closing).toMatchObject({ version: '2', metadata: { CorrelationId: expect.any(String) } });
    expect(await socket.closed).toEqual({ code: 1001, reason: 'socket closing' });
    expect((await second.closed).code).toBe(1001);
    // The connection goes, the channel stays: a client may still reconnect while it opens a new one.
    expect((await client.head(channel.id)).status).toBe(200);
    expect(counters()?.socketClosingsSent).toBe(2);
    const unknownOrg = await http(`${sim.url}/__sim/notifications/socket-closing`, {
      method: 'POST',
      body: { orgId: 'nope' },
    });
    expect(unknownOrg.status).toBe(404);
  });

  it('announces socket_closing at random at socketClosingPerMinute', async () => {
    const sim = await start();
    const { socket } = await listening(sim);
    sim.sim.admin.updateFaults({
      notifications: { socketClosingPerMinute: 60_000, socketClosingDelayMs: 10 },
    });
    await socket.next((m) => m.topicName === 'v2.system.socket_closing', 'socket_closing');
    expect((await socket.closed).code).toBe(1001);
  });

  it('expires a channel early although expires said 24 h, closing its connection', async () => {
    // The clock is the test's: the connection's next heartbeat notices the expiry, with no race against setup.
    const clock = manualClock(Date.now());
    const sim = await start({
      now: clock.now,
      faults: { notifications: { earlyExpiryRate: 1, earlyExpiryMs: 60_000, heartbeatIntervalMs: 10 } },
    });
    const { client, channel, socket, counters } = await listening(sim);
    expect(channel.expires).toBe(new Date(clock.now() + CHANNEL_LIFETIME_MS).toISOString());
    await client.subscribe(channel.id, [trunkTopic(client.trunk.id)]); // a renewal does not save it
    clock.advance(59_999);
    expect((await client.head(channel.id)).status).toBe(200);
    clock.advance(1);
    expect(await socket.closed).toEqual({ code: 1000, reason: 'channel expired' });
    expect((await client.head(channel.id)).status).toBe(404);
    expect(counters()).toMatchObject({ channelsExpired: 1, channelsLive: 0, connectionsOpen: 0 });
  });

  it('expires an unconnected channel on its own timer, without being asked', async () => {
    const sim = await start({ faults: { notifications: { earlyExpiryRate: 1, earlyExpiryMs: 100 } } });
    const client = await notificationClient(sim);
    await client.createChannel();
    await waitFor(() => sim.sim.admin.notifications.report().orgs[client.org.id]?.channelsExpired === 1, {
      what: 'the channel expired by its timer',
    });
    expect(sim.sim.admin.notifications.report().orgs[client.org.id]?.channelsLive).toBe(0);
  });

  it('rejects the topics of permissionDeniedTopics for permission, accepting the others', async () => {
    const sim = await start({
      faults: { notifications: { permissionDeniedTopics: ['v2.workforcemanagement.*'] } },
    });
    const client = await notificationClient(sim);
    const channel = await client.createChannel();
    const answer = await client.subscribe(channel.id, [
      trunkTopic(client.trunk.id),
      buSchedulesTopic(client.bu.id),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      entities: [
        { id: trunkTopic(client.trunk.id), state: 'Permitted' },
        {
          id: buSchedulesTopic(client.bu.id),
          state: 'Rejected',
          rejectionReason: expect.stringContaining('wfm:schedule:view'),
          missingPermissions: ['wfm:schedule:view'],
        },
      ],
    });
    sim.sim.admin.updateFaults({ notifications: { permissionDeniedTopics: [trunkTopic(client.trunk.id)] } });
    const exact = await client.subscribe(channel.id, [trunkTopic(client.trunk.id)], 'POST');
    expect(
      (exact.body as { entities: Array<{ state: string; missingPermissions?: string[] }> }).entities,
    ).toEqual([
      { id: trunkTopic(client.trunk.id), state: 'Permitted' }, // still subscribed from the PUT
      {
        id: trunkTopic(client.trunk.id),
        state: 'Rejected',
        rejectionReason: expect.any(String),
        missingPermissions: ['telephony:plugin:all'],
      },
    ]);
  });

  it('refuses the notification calls of the orgs in refusedOrgIds with 403, set at run time over HTTP', async () => {
    const sim = await start();
    const refused = await notificationClient(sim, 0);
    const served = await notificationClient(sim, 1);
    const channel = await refused.createChannel();
    const patched = await http(`${sim.url}/__sim/faults`, {
      method: 'PATCH',
      body: { notifications: { refusedOrgIds: [refused.org.id] } },
    });
    expect(patched.status).toBe(200);
    const post = await refused.call('POST', '/api/v2/notifications/channels');
    expect(post.status).toBe(403);
    expect(post.body).toMatchObject({ status: 403, code: 'missing.permissions' });
    expect((await refused.subscribe(channel.id, [])).status).toBe(403);
    expect((await refused.head(channel.id)).status).toBe(403);
    expect((await served.call('POST', '/api/v2/notifications/channels')).status).toBe(200);
    const report = (await http(`${sim.url}/__sim/notifications`)).body as {
      orgs: Record<string, { refusedCalls: number }>;
    };
    expect(report.orgs[refused.org.id]?.refusedCalls).toBe(3);
    expect((await http(`${sim.url}/__sim/notifications`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.sim.admin.notifications.report().orgs[refused.org.id]).toMatchObject({
      refusedCalls: 0,
      channelsLive: 1,
    });
  });
});
