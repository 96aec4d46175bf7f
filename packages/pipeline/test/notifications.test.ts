import { type FaultProfileInput, generateFixture, type RunningSim, startSim } from '@wfm-sync/gc-sim';
import { createGenesysClient, type GenesysClient } from '@wfm-sync/genesys-client';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChannelOwner,
  type ChannelOwnerOptions,
  type FeedGap,
  ListenerFeed,
  type ListeningChange,
  type OperationEnd,
  TrunkReadStore,
  type TrunkUpdate,
} from '../src/index.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
/** The simulator's heartbeat pace in these tests, and the owners' expectation of it. */
const HEARTBEAT_MS = 100;
const notificationFaults = (extra: Record<string, unknown> = {}): FaultProfileInput => ({
  scheduleOperationDelayMs: 20,
  notifications: { heartbeatIntervalMs: HEARTBEAT_MS, socketClosingDelayMs: 3_000, ...extra },
});

interface Setup {
  sim: RunningSim;
  redis: TestRedis;
  orgId: string;
  trunkIds: string[];
  client: GenesysClient;
  feed: ListenerFeed;
  heard: { trunks: TrunkUpdate[]; operations: OperationEnd[]; gaps: FeedGap[]; listening: ListeningChange[] };
  owner(holder: string, overrides?: Partial<ChannelOwnerOptions>): ChannelOwner;
}

describe('listening to Genesys notifications: channel owner, Redis feed, ListenerFeed (gc-sim, real WebSockets)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(faults: FaultProfileInput = notificationFaults()): Promise<Setup> {
    const fixture = generateFixture({ seed: 7, orgs: 1, trunksPerOrg: 3, agentsPerOrg: 4 });
    const sim = await startSim({ fixture, faults, requestsPerMinute: 6000 });
    const redis = await createTestRedis('notif');
    const org = fixture.orgs[0];
    if (!org) throw new Error('no org');
    const clients: GenesysClient[] = [];
    const clientFor = () => {
      const client = createGenesysClient({
        org: {
          id: org.id,
          apiBaseUrl: sim.url,
          loginBaseUrl: sim.url,
          clientId: org.clientId,
          clientSecret: org.clientSecret,
          requestsPerMinute: 6000,
          mode: 'live',
        },
        redis: redis.connect(),
        keyPrefix: redis.prefix,
      });
      clients.push(client);
      return client;
    };
    const heard: Setup['heard'] = { trunks: [], operations: [], gaps: [], listening: [] };
    const feed = new ListenerFeed({
      redis: redis.client,
      prefix: redis.prefix,
      orgIds: [org.id],
      blockMs: 200,
      logger,
      handlers: {
        onTrunkUpdate: (u) => void heard.trunks.push(u),
        onOperationEnd: (e) => void heard.operations.push(e),
        onGap: (g) => void heard.gaps.push(g),
        onListeningChange: (c) => void heard.listening.push(c),
      },
    });
    await feed.start();
    const owners: ChannelOwner[] = [];
    cleanups.push(async () => {
      for (const owner of owners) await owner.stop();
      await feed.close();
      for (const client of clients) client.close();
      await sim.close();
      await redis.cleanup();
    });
    return {
      sim,
      redis,
      orgId: org.id,
      trunkIds: org.trunks.map((t) => t.id),
      client: clientFor(),
      feed,
      heard,
      owner: (holder, overrides = {}) => {
        const owner = new ChannelOwner({
          orgId: org.id,
          redis: redis.connect(),
          client: clientFor(),
          prefix: redis.prefix,
          trunkIds: () => org.trunks.map((t) => t.id),
          logger,
          holder,
          timings: {
            heartbeatIntervalMs: HEARTBEAT_MS,
            pingEveryMs: 200,
            pongTimeoutMs: 1_000,
            backoffInitialMs: 50,
            backoffMaxMs: 500,
          },
          leaseTtlMs: 3_000,
          acquireEveryMs: 250,
          tickMs: 25,
          topicRefreshMs: 100,
          ...overrides,
        });
        owners.push(owner);
        return owner;
      },
    };
  }

  const connected = (owner: ChannelOwner, what = 'the owner connected') =>
    waitFor(
      () => (owner.isOwner && owner.snapshot()?.status === 'connected' ? owner.snapshot() : undefined),
      {
        what,
        timeoutMs: 10_000,
      },
    );

  it('a trunk change in gc-sim reaches a ListenerFeed subscriber through Redis, after one first-connect re-sync', async () => {
    const s = await setup();
    const owner = s.owner('A');
    await owner.start();
    await connected(owner);
    await waitFor(() => s.heard.gaps.find((g) => g.reason === 'first-connect'), {
      what: 'the first re-sync',
    });
    await waitFor(() => s.feed.isListening(s.orgId), { what: 'listening on' });

    // The monitor's last read (a listing) gives state/inService/enabled; the push gives the rest.
    const reads = new TrunkReadStore(s.redis.client, s.redis.prefix);
    const listedAt = Date.now();
    await reads.recordReads(s.orgId, await s.client.listAllTrunks(), listedAt);

    const trunkId = s.trunkIds[0] as string;
    s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, 'offline', 'disconnected');
    const update = await waitFor(() => s.heard.trunks.find((t) => t.trunkId === trunkId), {
      what: 'the trunk update',
    });
    expect(update).toMatchObject({ kind: 'trunk', orgId: s.orgId, connectedStatus: { connected: false } });
    expect(await reads.healthAfterPush(update)).toEqual({ health: 'offline', lastReadAt: listedAt });
    s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, 'degraded', 'register');
    const degraded = await waitFor(
      () =>
        s.heard.trunks.find(
          (t) =>
            t.connectedStatus?.connected === true &&
            t.registersStatus?.some((r) => r.registerState === false),
        ),
      { what: 'the REGISTER failure on a connected trunk' },
    );
    expect(degraded.optionsStatus?.every((o) => o.optionState === true)).toBe(true);
    expect((await reads.healthAfterPush(degraded))?.health).toBe('degraded');
    expect(await reads.healthAfterPush({ ...degraded, trunkId: 'never-read' })).toBeUndefined();

    const status = await waitFor(
      async () => {
        const record = await s.feed.statusOf(s.orgId);
        return record?.lastHeartbeatAt !== undefined ? record : undefined;
      },
      { what: 'a heartbeat in the status' },
    );
    expect(status).toMatchObject({
      status: 'connected',
      owner: 'A',
      gaps: 1,
      liveTopics: 3,
      rejectedTopics: 0,
    });
    expect(status.connectedSince).toBeLessThanOrEqual(Date.now());
  }, 30_000);

  it("a schedule operation's end reaches the subscriber: the business unit is subscribed before its first update", async () => {
    const s = await setup();
    const owner = s.owner('A');
    await owner.start();
    await connected(owner);
    const bu = s.sim.sim.fixture.orgs[0]?.businessUnits[0];
    const week = bu?.schedules[0];
    if (!bu || !week) throw new Error('fixture without a schedule');
    expect(await s.feed.listenToBusinessUnit(s.orgId, bu.id, 5_000)).toBe(true);

    const schedule = await s.client.getSchedule(bu.id, week.weekId, week.scheduleId);
    const started = await s.client.updateSchedule(bu.id, week.weekId, week.scheduleId, {
      metadata: { version: schedule.metadata.version },
      agentSchedules: [],
    });
    const end = await waitFor(() => s.heard.operations.find((o) => o.operationId === started.operationId), {
      what: 'the operation end',
    });
    expect(end).toMatchObject({
      businessUnitId: bu.id,
      status: 'Complete',
      scheduleVersion: schedule.metadata.version + 1,
    });

    // A stale update ends in Error, told the same way.
    const stale = await s.client.updateSchedule(bu.id, week.weekId, week.scheduleId, {
      metadata: { version: schedule.metadata.version },
      agentSchedules: [],
    });
    if (stale.status === 'Processing') {
      const error = await waitFor(() => s.heard.operations.find((o) => o.operationId === stale.operationId), {
        what: 'the stale operation end',
      });
      expect(error.status).toBe('Error');
    }
  }, 30_000);

  it('an owner killed without releasing is replaced by a second one within 10 s; pushes flow again', async () => {
    const s = await setup();
    const first = s.owner('A');
    await first.start();
    await connected(first, 'A connected');
    const second = s.owner('B');
    await second.start();
    expect(second.isOwner).toBe(false);

    const killedAt = Date.now();
    first.kill();
    await connected(second, 'B took over and connected');
    const tookMs = Date.now() - killedAt;
    expect(tookMs).toBeLessThan(10_000);
    expect((await s.feed.statusOf(s.orgId))?.owner).toBe('B');
    // The take-over re-syncs (pushes while nobody listened are lost).
    await waitFor(() => s.heard.gaps.filter((g) => g.reason === 'first-connect').length >= 2, {
      what: "B's re-sync",
    });

    const trunkId = s.trunkIds[1] as string;
    s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, 'offline', 'disconnected');
    await waitFor(() => s.heard.trunks.find((t) => t.trunkId === trunkId), { what: 'a push through B' });
    // gc-sim saw A's connection end and B's open.
    expect(s.sim.sim.admin.notifications.report().orgs[s.orgId]).toMatchObject({
      connectionsOpened: 2,
      connectionsOpen: 1,
    });
  }, 30_000);

  it('socket_closing: moves to a new channel before the old one closes, and loses nothing published after the switch', async () => {
    const s = await setup();
    const owner = s.owner('A');
    await owner.start();
    const before = await connected(owner);
    const oldChannel = before.channelId;
    expect(s.sim.sim.admin.notifications.announceSocketClosing(s.orgId)).toBe(1);

    const after = await waitFor(
      () => {
        const snapshot = owner.snapshot();
        return snapshot?.status === 'connected' && snapshot.channelId !== oldChannel ? snapshot : undefined;
      },
      { what: 'the switch to a new channel' },
    );
    // Switched while the old connection was still open (it closes 3 s after the announcement): no gap.
    expect(after.gaps).toBe(1);
    expect(s.heard.gaps.filter((g) => g.reason !== 'first-connect')).toEqual([]);

    const trunkId = s.trunkIds[2] as string;
    const changes = [
      ['degraded', 'register'],
      ['healthy', undefined],
      ['offline', 'disconnected'],
      ['healthy', undefined],
    ] as const;
    for (const [health, variant] of changes) {
      s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, health, variant);
    }
    await waitFor(() => s.heard.trunks.filter((t) => t.trunkId === trunkId).length >= changes.length, {
      what: 'every change after the switch',
    });
    expect(s.heard.trunks.filter((t) => t.trunkId === trunkId)).toHaveLength(changes.length);
    expect(s.sim.sim.admin.notifications.report().orgs[s.orgId]).toMatchObject({
      channelsCreated: 2,
      socketClosingsSent: 1,
    });
  }, 30_000);

  it('an org refused by Genesys (403) goes to fallback: polled only, and the status says why', async () => {
    const fixtureOrg = generateFixture({ seed: 7, orgs: 1, trunksPerOrg: 3, agentsPerOrg: 4 }).orgs[0]?.id;
    const s = await setup(notificationFaults({ refusedOrgIds: [fixtureOrg] }));
    const owner = s.owner('A');
    await owner.start();
    const status = await waitFor(
      async () => {
        const record = await s.feed.statusOf(s.orgId);
        return record?.status === 'fallback' ? record : undefined;
      },
      { what: 'the fallback status' },
    );
    expect(status).toMatchObject({ fallbackReason: 'refused', owner: 'A', liveTopics: 0 });
    expect(status.fallbackSince).toBeLessThanOrEqual(Date.now());
    expect(s.feed.isListening(s.orgId)).toBe(false);
    expect(await s.feed.listenToBusinessUnit(s.orgId, 'any-bu', 100)).toBe(false);
    expect(s.sim.sim.admin.notifications.report().orgs[s.orgId]).toMatchObject({ refusedCalls: 1 });
  }, 30_000);

  it("the client's notification calls against gc-sim: create, HEAD, PUT/POST/GET subscriptions, rejected topics", async () => {
    const s = await setup();
    const channel = await s.client.createNotificationChannel();
    expect(s.client.notificationConnectUrl(channel.connectUri).protocol).toBe('ws:');
    expect(await s.client.notificationChannelExists(channel.id)).toBe(true);
    expect(await s.client.notificationChannelExists('no-such-channel')).toBe(false);
    const [t1, t2] = s.trunkIds.map((id) => `v2.telephony.providers.edges.trunks.${id}`);
    const put = await s.client.replaceNotificationSubscriptions(channel.id, [t1 as string, 'v2.nothing']);
    expect(put.entities?.map((t) => [t.id, t.state])).toEqual([
      [t1, 'Permitted'],
      ['v2.nothing', 'Rejected'],
    ]);
    await s.client.addNotificationSubscriptions(channel.id, [t2 as string]);
    expect((await s.client.getNotificationSubscriptions(channel.id)).entities?.map((t) => t.id)).toEqual([
      t1,
      t2,
    ]);
  }, 30_000);

  it('an org turned to notifications "off" closes its channels, releases the lease and says so', async () => {
    const s = await setup();
    let setting: 'auto' | 'off' = 'auto';
    const owner = s.owner('A', { notifications: () => setting });
    await owner.start();
    await connected(owner);
    setting = 'off';
    const status = await waitFor(
      async () => {
        const record = await s.feed.statusOf(s.orgId);
        return record?.status === 'off' ? record : undefined;
      },
      { what: 'the off status' },
    );
    expect(status.liveTopics).toBe(0);
    expect(owner.isOwner).toBe(false);
    await waitFor(() => !s.feed.isListening(s.orgId), { what: 'listening off' });
    await waitFor(() => s.sim.sim.admin.notifications.report().orgs[s.orgId]?.connectionsOpen === 0, {
      what: 'the connection closed',
    });
    setting = 'auto';
    await connected(owner, 'listening again');
  }, 30_000);

  it('a channel that dies early (gone, although expires said 24 h) is replaced by a new channel, with a re-sync', async () => {
    const s = await setup(notificationFaults({ earlyExpiryRate: 1, earlyExpiryMs: 400 }));
    const owner = s.owner('A');
    await owner.start();
    const first = await connected(owner);
    // Channels created from now on live their 24 h.
    s.sim.sim.admin.updateFaults(notificationFaults());
    await waitFor(() => s.heard.gaps.find((g) => g.reason === 'closed'), {
      what: 'the gap of the dead channel',
    });
    const second = await waitFor(
      () => {
        const snapshot = owner.snapshot();
        return snapshot?.status === 'connected' && snapshot.channelId !== first.channelId
          ? snapshot
          : undefined;
      },
      { what: 'a new channel' },
    );
    expect(second.gaps).toBeGreaterThanOrEqual(2);
    expect(s.sim.sim.admin.notifications.report().orgs[s.orgId]).toMatchObject({ channelsExpired: 1 });
    const trunkId = s.trunkIds[0] as string;
    s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, 'offline', 'disconnected');
    await waitFor(() => s.heard.trunks.find((t) => t.trunkId === trunkId), {
      what: 'a push on the new channel',
    });
  }, 30_000);

  it('heartbeats that stop are a dead connection: reconnect, one re-sync', async () => {
    const s = await setup();
    const owner = s.owner('A');
    await owner.start();
    await connected(owner);
    s.sim.sim.admin.updateFaults(notificationFaults({ heartbeatsStopped: true }));
    await waitFor(() => s.heard.gaps.find((g) => g.reason === 'heartbeats-missed'), {
      what: 'a heartbeats-missed gap',
    });
    s.sim.sim.admin.updateFaults(notificationFaults());
    await connected(owner, 'connected again');
    const trunkId = s.trunkIds[0] as string;
    s.sim.sim.admin.setTrunkHealth(s.orgId, trunkId, 'offline', 'disconnected');
    await waitFor(() => s.heard.trunks.find((t) => t.trunkId === trunkId), {
      what: 'a push after reconnecting',
    });
  }, 30_000);
});
