import { describe, expect, it } from 'vitest';
import {
  type ChannelCommand,
  type ChannelEvent,
  ChannelMachine,
  type ChannelTimings,
} from './channel-state.js';

const timings: Partial<ChannelTimings> = {
  heartbeatIntervalMs: 30_000,
  missedHeartbeats: 2,
  pingEveryMs: 15_000,
  pongTimeoutMs: 10_000,
  renewBeforeMs: 3_600_000,
  channelLifetimeMs: 86_400_000,
  backoffInitialMs: 1_000,
  backoffMaxMs: 60_000,
  fallbackRetryMs: 900_000,
};
const TOPICS = [
  'v2.telephony.providers.edges.trunks.t1',
  'v2.workforcemanagement.businessunits.bu1.schedules',
];

/** A machine and a clock the test moves; `random` fixed at 0.5 (no jitter). */
function harness() {
  const machine = new ChannelMachine(timings, () => 0.5);
  let now = Date.UTC(2026, 11, 6, 12, 0, 0);
  const send = (event: ChannelEvent) => machine.handle(event, now);
  const advance = (ms: number) => {
    now += ms;
    return send({ type: 'tick' });
  };
  /** Start to connected on channel `id` (created with `expires` 24 h ahead). */
  const connect = (id = 'ch-1', ref?: number): ChannelCommand[] => {
    const created = ref ?? expectCreate(send({ type: 'start', topics: TOPICS }));
    const sub = send({
      type: 'channel-created',
      ref: created,
      channel: { id, connectUri: `wss://streaming.example/channels/${id}`, expiresAt: now + 86_400_000 },
    });
    expect(sub).toEqual([{ type: 'subscribe', channelId: id, topics: TOPICS }]);
    const conn = send({ type: 'subscribed', channelId: id, sentAt: now, permitted: TOPICS, rejected: [] });
    expect(conn).toEqual([
      { type: 'connect', channelId: id, connectUri: `wss://streaming.example/channels/${id}` },
    ]);
    return send({ type: 'opened', channelId: id });
  };
  return { machine, send, advance, connect, now: () => now };
}

function expectCreate(commands: ChannelCommand[], purpose: 'primary' | 'replacement' = 'primary'): number {
  const create = commands.find((c) => c.type === 'create-channel');
  if (create?.type !== 'create-channel') throw new Error(`no create-channel in ${JSON.stringify(commands)}`);
  expect(create.purpose).toBe(purpose);
  return create.ref;
}

const types = (commands: ChannelCommand[]) => commands.map((c) => c.type);

describe('ChannelMachine', () => {
  it('creates, subscribes, connects, and asks for one re-sync when the channel first becomes live', () => {
    const h = harness();
    expect(h.machine.snapshot().phase).toBe('idle');
    const opened = h.connect();
    expect(opened).toEqual([{ type: 'resync', reason: 'first-connect', topics: TOPICS }]);
    expect(h.machine.snapshot()).toMatchObject({
      phase: 'connected',
      status: 'connected',
      channelId: 'ch-1',
      connectedSince: h.now(),
      liveTopics: TOPICS,
      gaps: 1,
    });
  });

  it('pings every 15 s; a pong keeps it alive, a missing pong is a dead connection and a gap', () => {
    const h = harness();
    h.connect();
    expect(h.advance(14_999)).toEqual([]);
    expect(h.advance(1)).toEqual([{ type: 'ping', channelId: 'ch-1' }]);
    h.send({ type: 'pong', channelId: 'ch-1' });
    h.send({ type: 'heartbeat', channelId: 'ch-1' });
    expect(h.advance(15_000)).toEqual([{ type: 'ping', channelId: 'ch-1' }]);
    h.send({ type: 'heartbeat', channelId: 'ch-1' });
    // No pong for this one: 10 s later the connection is dead.
    expect(h.advance(10_000)).toEqual([]);
    const dead = h.advance(1);
    expect(dead).toEqual([{ type: 'close', channelId: 'ch-1', why: 'pong-missing' }]);
    expect(h.machine.snapshot()).toMatchObject({
      phase: 'reconnecting',
      connectedSince: undefined,
      liveTopics: [],
    });
    // Backoff 1 s (no jitter at 0.5): the same channel is connected again, and its opening re-syncs.
    expect(h.advance(999)).toEqual([]);
    expect(h.advance(1)).toEqual([
      { type: 'connect', channelId: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1' },
    ]);
    expect(h.send({ type: 'opened', channelId: 'ch-1' })).toEqual([
      { type: 'resync', reason: 'pong-missing', topics: TOPICS },
    ]);
    expect(h.machine.snapshot().gaps).toBe(2);
  });

  it('two missed heartbeats are a dead connection', () => {
    const h = harness();
    h.connect();
    for (let i = 0; i < 4; i++) {
      h.advance(15_000);
      h.send({ type: 'pong', channelId: 'ch-1' });
      if (i < 2) h.send({ type: 'heartbeat', channelId: 'ch-1' });
    }
    // Last heartbeat at +30 s; now +60 s: one missed. Dead after 2.5 intervals without one (+105 s).
    expect(types(h.advance(44_999))).not.toContain('close');
    const dead = h.advance(1);
    expect(dead).toContainEqual({ type: 'close', channelId: 'ch-1', why: 'heartbeats-missed' });
    expect(h.machine.snapshot().lastGapReason).toBe('first-connect');
    h.advance(1_000);
    expect(h.send({ type: 'opened', channelId: 'ch-1' })).toEqual([
      { type: 'resync', reason: 'heartbeats-missed', topics: TOPICS },
    ]);
  });

  it('renews the subscriptions by PUT before expires, and the renewal moves the expiry', () => {
    const h = harness();
    h.connect();
    const renewAt = h.machine.snapshot().expiresAt! - 3_600_000;
    // Keep the connection alive with heartbeats and pongs up to the renewal.
    let commands: ChannelCommand[] = [];
    while (h.now() < renewAt) {
      commands = h.advance(15_000);
      h.send({ type: 'heartbeat', channelId: 'ch-1' });
      h.send({ type: 'pong', channelId: 'ch-1' });
      if (commands.some((c) => c.type === 'subscribe')) break;
    }
    expect(commands).toContainEqual({ type: 'subscribe', channelId: 'ch-1', topics: TOPICS });
    expect(h.now()).toBeGreaterThanOrEqual(renewAt);
    // While the PUT is in flight, no second one.
    expect(types(h.advance(15_000))).not.toContain('subscribe');
    h.send({ type: 'pong', channelId: 'ch-1' });
    h.send({ type: 'heartbeat', channelId: 'ch-1' });
    h.send({ type: 'subscribed', channelId: 'ch-1', sentAt: h.now(), permitted: TOPICS, rejected: [] });
    expect(h.machine.snapshot().expiresAt).toBe(h.now() + 86_400_000);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'connected', gaps: 1 });
  });

  it('a channel that reaches expires without a renewal is dead: a new channel, and a gap', () => {
    const h = harness();
    const created = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    h.send({
      type: 'channel-created',
      ref: created,
      channel: {
        id: 'ch-1',
        connectUri: 'wss://streaming.example/channels/ch-1',
        expiresAt: h.now() + 86_400_000,
      },
    });
    h.send({ type: 'subscribed', channelId: 'ch-1', sentAt: h.now(), permitted: TOPICS, rejected: [] });
    h.send({ type: 'opened', channelId: 'ch-1' });
    // Every renewal fails (5xx), the connection stays otherwise healthy.
    while (h.now() < h.machine.snapshot().expiresAt! - 15_000) {
      const commands = h.advance(15_000);
      h.send({ type: 'heartbeat', channelId: 'ch-1' });
      h.send({ type: 'pong', channelId: 'ch-1' });
      if (commands.some((c) => c.type === 'subscribe'))
        h.send({ type: 'subscribe-failed', channelId: 'ch-1', gone: false, message: '503' });
    }
    const commands = h.advance(15_000);
    expect(commands).toContainEqual({ type: 'close', channelId: 'ch-1', why: 'expired' });
    const ref = expectCreate(commands);
    h.send({
      type: 'channel-created',
      ref,
      channel: { id: 'ch-2', connectUri: 'wss://streaming.example/channels/ch-2', expiresAt: undefined },
    });
    h.send({ type: 'subscribed', channelId: 'ch-2', sentAt: h.now(), permitted: TOPICS, rejected: [] });
    expect(h.send({ type: 'opened', channelId: 'ch-2' })).toEqual([
      { type: 'resync', reason: 'expired', topics: TOPICS },
    ]);
  });

  it('socket_closing: a new channel is created, subscribed and connected before the old one is let go (no gap)', () => {
    const h = harness();
    h.connect();
    const ref = expectCreate(h.send({ type: 'socket-closing', channelId: 'ch-1' }), 'replacement');
    // A second announcement does not make a second replacement.
    expect(h.send({ type: 'socket-closing', channelId: 'ch-1' })).toEqual([]);
    expect(
      h.send({
        type: 'channel-created',
        ref,
        channel: { id: 'ch-2', connectUri: 'wss://streaming.example/channels/ch-2', expiresAt: undefined },
      }),
    ).toEqual([{ type: 'subscribe', channelId: 'ch-2', topics: TOPICS }]);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'connected', channelId: 'ch-1' });
    h.send({ type: 'subscribed', channelId: 'ch-2', sentAt: h.now(), permitted: TOPICS, rejected: [] });
    expect(h.send({ type: 'opened', channelId: 'ch-2' })).toEqual([
      { type: 'close', channelId: 'ch-1', why: 'replaced after socket_closing' },
    ]);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'connected', channelId: 'ch-2', gaps: 1 });
    // The old connection's close is no news.
    expect(h.send({ type: 'closed', channelId: 'ch-1', code: 1001 })).toEqual([]);
    expect(h.machine.snapshot().phase).toBe('connected');
  });

  it('socket_closing: when the old connection closes before the replacement is live, that is a gap', () => {
    const h = harness();
    h.connect();
    const ref = expectCreate(h.send({ type: 'socket-closing', channelId: 'ch-1' }), 'replacement');
    expect(h.send({ type: 'closed', channelId: 'ch-1', code: 1001 })).toEqual([]);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'creating', connectedSince: undefined });
    h.send({
      type: 'channel-created',
      ref,
      channel: { id: 'ch-2', connectUri: 'wss://streaming.example/channels/ch-2', expiresAt: undefined },
    });
    h.send({ type: 'subscribed', channelId: 'ch-2', sentAt: h.now(), permitted: TOPICS, rejected: [] });
    expect(h.send({ type: 'opened', channelId: 'ch-2' })).toEqual([
      { type: 'resync', reason: 'replacement-late', topics: TOPICS },
    ]);
  });

  it('rejected topics are reported (polled instead); the channel is degraded, not down', () => {
    const h = harness();
    const ref = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    h.send({
      type: 'channel-created',
      ref,
      channel: { id: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1', expiresAt: undefined },
    });
    const rejected = { id: TOPICS[1] as string, reason: 'Missing permission wfm:schedule:view' };
    const commands = h.send({
      type: 'subscribed',
      channelId: 'ch-1',
      sentAt: h.now(),
      permitted: [TOPICS[0] as string],
      rejected: [rejected],
    });
    expect(commands).toEqual([
      { type: 'topics-rejected', topics: [rejected] },
      { type: 'connect', channelId: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1' },
    ]);
    h.send({ type: 'opened', channelId: 'ch-1' });
    expect(h.machine.snapshot()).toMatchObject({
      status: 'degraded',
      liveTopics: [TOPICS[0]],
      rejected: [rejected],
    });
  });

  it('every topic rejected: fallback, and a new attempt only after fallbackRetryMs', () => {
    const h = harness();
    const ref = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    h.send({
      type: 'channel-created',
      ref,
      channel: { id: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1', expiresAt: undefined },
    });
    const commands = h.send({
      type: 'subscribed',
      channelId: 'ch-1',
      sentAt: h.now(),
      permitted: [],
      rejected: TOPICS.map((id) => ({ id, reason: 'no' })),
    });
    expect(types(commands)).toEqual(['topics-rejected']);
    expect(h.machine.snapshot()).toMatchObject({ phase: 'fallback', fallbackReason: 'topics-rejected' });
    expect(h.advance(899_999)).toEqual([]);
    expectCreate(h.advance(1));
  });

  it('a refused channel (403/404) is fallback: the org is polled, and asked again after fallbackRetryMs', () => {
    const h = harness();
    const ref = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    expect(h.send({ type: 'channel-create-failed', ref, refused: true, message: '403' })).toEqual([]);
    expect(h.machine.snapshot()).toMatchObject({
      phase: 'fallback',
      status: 'fallback',
      fallbackReason: 'refused',
      fallbackSince: h.now(),
    });
    const since = h.now();
    expect(h.advance(899_999)).toEqual([]);
    const again = expectCreate(h.advance(1));
    h.send({ type: 'channel-create-failed', ref: again, refused: true, message: '403' });
    // Still refused: the fallback keeps its first moment (the alert counts from there).
    expect(h.machine.snapshot().fallbackSince).toBe(since);
  });

  it('a transient creation failure backs off exponentially', () => {
    const h = harness();
    let ref = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      h.send({ type: 'channel-create-failed', ref, refused: false, message: '503' });
      let waited = 0;
      let commands: ChannelCommand[] = [];
      while (!commands.some((c) => c.type === 'create-channel')) {
        commands = h.advance(500);
        waited += 500;
      }
      delays.push(waited);
      ref = expectCreate(commands);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('a close, then a refused upgrade (channel gone) leads to a new channel', () => {
    const h = harness();
    h.connect();
    expect(h.send({ type: 'closed', channelId: 'ch-1', code: 1006 })).toEqual([]);
    expect(h.machine.snapshot().phase).toBe('reconnecting');
    expect(types(h.advance(1_000))).toEqual(['connect']);
    const commands = h.send({ type: 'connect-failed', channelId: 'ch-1', gone: true, message: '404' });
    expect(commands).toEqual([]);
    expectCreate(h.advance(2_000));
  });

  it('lease lost: closes the channel and goes idle; the next holder starts from scratch and re-syncs', () => {
    const first = harness();
    first.connect();
    expect(first.send({ type: 'stop' })).toEqual([{ type: 'close', channelId: 'ch-1', why: 'stopped' }]);
    expect(first.machine.snapshot()).toMatchObject({ phase: 'idle', connectedSince: undefined });
    expect(first.advance(120_000)).toEqual([]); // idle: no pings, no reconnects
    // The process that takes the lease over.
    const second = harness();
    expect(second.connect('ch-9')).toEqual([{ type: 'resync', reason: 'first-connect', topics: TOPICS }]);
    // A late answer to the first holder's commands changes nothing there.
    expect(first.send({ type: 'opened', channelId: 'ch-1' })).toEqual([]);
    // And the first may start again later (lease re-acquired).
    expectCreate(first.send({ type: 'start', topics: TOPICS }));
  });

  it('new topics (a business unit asked for) are PUT on the live channel; their answer may reject them', () => {
    const h = harness();
    h.connect();
    const more = [...TOPICS, 'v2.workforcemanagement.businessunits.bu2.schedules'];
    expect(h.send({ type: 'set-topics', topics: more })).toEqual([
      { type: 'subscribe', channelId: 'ch-1', topics: more },
    ]);
    expect(h.send({ type: 'set-topics', topics: [...more].reverse() })).toEqual([]);
    h.send({ type: 'subscribed', channelId: 'ch-1', sentAt: h.now(), permitted: more, rejected: [] });
    expect(h.machine.snapshot().liveTopics).toEqual(more);
  });

  it('topics changed while the first PUT was in flight: the current list is PUT again', () => {
    const h = harness();
    const ref = expectCreate(h.send({ type: 'start', topics: TOPICS }));
    h.send({
      type: 'channel-created',
      ref,
      channel: { id: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1', expiresAt: undefined },
    });
    const more = [...TOPICS, 'v2.telephony.providers.edges.trunks.t2'];
    expect(h.send({ type: 'set-topics', topics: more })).toEqual([]);
    const commands = h.send({
      type: 'subscribed',
      channelId: 'ch-1',
      sentAt: h.now(),
      permitted: TOPICS,
      rejected: [],
    });
    expect(commands).toEqual([
      { type: 'subscribe', channelId: 'ch-1', topics: more },
      { type: 'connect', channelId: 'ch-1', connectUri: 'wss://streaming.example/channels/ch-1' },
    ]);
  });
});
