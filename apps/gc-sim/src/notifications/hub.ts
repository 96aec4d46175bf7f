import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badRequest, notFound, SimApiError } from '../errors.js';
import type { SimEvents } from '../events.js';
import type { FaultProfile } from '../faults/profile.js';
import type { Logger } from '../logger.js';
import type { Prng } from '../prng.js';
import type { OrgState } from '../state/org.js';
import type { Timers } from '../timers.js';
import { NotificationCounters, type NotificationReport } from './counters.js';
import {
  buSchedulesTopic,
  type ChannelTopicModel,
  checkTopic,
  scheduleEventBody,
  trunkEventBody,
  trunkTopic,
} from './topics.js';

/** Limits of docs/genesys-api.md, Notifications. */
export const MAX_CHANNELS_PER_CLIENT = 20;
export const MAX_TOPICS_PER_CHANNEL = 1_000;
export const CHANNEL_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Close codes the simulator uses (the real ones are undocumented; see decision 021). */
export const CLOSE_CODES = {
  /** The channel expired or was evicted by a 21st: nothing more will come on it. */
  channelGone: 1000,
  /** After `v2.system.socket_closing`, and when the simulator shuts down. */
  goingAway: 1001,
} as const;

/** The hub's view of one WebSocket: the transport (ws) stays outside, so the hub is testable and ws-agnostic. */
export interface ChannelConnection {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Ends the TCP connection without a close frame (the peer sees 1006). */
  cut(): void;
}

/** What the WebSocket layer calls back on a connection the hub accepted. */
export interface AcceptedConnection {
  /** A text frame from the client. */
  receive(text: string): void;
  /** The connection ended, whoever ended it. */
  closed(): void;
}

export type ConnectRefusal = 'unknownChannel' | 'alreadyConnected';

/** SDK model `Channel`. */
export interface ChannelModel {
  id: string;
  connectUri: string;
  expires: string;
}

export interface NotificationHubDeps {
  now(): number;
  timers: Timers;
  prng: Prng;
  events: SimEvents;
  logger: Logger;
  org(orgId: string): OrgState | undefined;
  faults(): FaultProfile['notifications'];
}

interface LiveConnection {
  readonly transport: ChannelConnection;
  heartbeat: NodeJS.Timeout | undefined;
  cut: NodeJS.Timeout | undefined;
  socketClosing: NodeJS.Timeout | undefined;
  /** Set once `v2.system.socket_closing` went out: the close is already scheduled. */
  closing: boolean;
}

interface Channel {
  readonly id: string;
  readonly orgId: string;
  /** Renewed by a PUT of the subscriptions. */
  expiresAt: number;
  /** The `earlyExpiryRate` fault: the channel dies here, whatever `expires` said or renewals did. */
  readonly diesAt: number | undefined;
  /** Order of last use (create, a REST call naming it, a connection opening or ending): ties cannot happen. */
  lastUse: number;
  /** Permitted topics, in subscription order. */
  topics: Set<string>;
  connection: LiveConnection | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
}

const clientFrameSchema = z.object({ message: z.string() });

/** A cut or an announcement that happens on average `perMinute` times a minute: an exponential delay. */
function exponentialDelayMs(prng: Prng, perMinute: number): number {
  return (-Math.log(1 - prng.next()) * 60_000) / perMinute;
}

/**
 * The notification service: channels per OAuth client (one per org here), their subscriptions, one WebSocket
 * connection each, heartbeats, and publishing of the simulator's events to subscribed channels, with the
 * faults of `FaultProfile.notifications`. Knows nothing of HTTP or ws.
 */
export class NotificationHub {
  private readonly channels = new Map<string, Channel>();
  private readonly counters = new NotificationCounters();
  private uses = 0;
  private readonly unsubscribe: Array<() => void>;

  constructor(private readonly deps: NotificationHubDeps) {
    this.unsubscribe = [
      deps.events.on('trunkHealthChanged', ({ orgId, trunk }) => {
        const org = deps.org(orgId);
        if (!org) return;
        this.publish(orgId, trunkTopic(trunk.fixture.id), trunkEventBody(org.trunks.toModel(trunk), trunk));
      }),
      deps.events.on('scheduleOperationFinished', ({ orgId, buId, weekId, scheduleId, operation }) => {
        const org = deps.org(orgId);
        if (!org) return;
        const metadata = org.schedules.has(buId, weekId, scheduleId)
          ? org.schedules.metadata(buId, weekId, scheduleId, false)
          : undefined;
        this.publish(orgId, buSchedulesTopic(buId), scheduleEventBody(operation, metadata));
      }),
    ];
  }

  /** Throws the 403 of the `refusedOrgIds` fault. */
  assertServed(orgId: string): void {
    if (!this.deps.faults().refusedOrgIds.includes(orgId)) return;
    this.counters.org(orgId).refusedCalls++;
    throw new SimApiError(
      403,
      'missing.permissions',
      'You are not authorized to perform the requested action: notifications are not available to this client.',
    );
  }

  /** `POST /notifications/channels`: a 21st channel of the client evicts the least recently used one. */
  createChannel(org: OrgState, connectBase: string): ChannelModel {
    const now = this.deps.now();
    const owned = this.channelsOf(org.id);
    if (owned.length >= MAX_CHANNELS_PER_CLIENT) {
      const byUse = (a: Channel, b: Channel) => a.lastUse - b.lastUse;
      const unconnected = owned.filter((c) => !c.connection).sort(byUse);
      const victim = unconnected[0] ?? [...owned].sort(byUse)[0];
      if (victim) {
        this.counters.org(org.id).channelsEvicted++;
        this.remove(victim, 'channel removed: the client created a 21st');
      }
    }
    const faults = this.deps.faults();
    const early = this.deps.prng.chance(faults.earlyExpiryRate);
    const channel: Channel = {
      // From crypto, not the seeded PRNG: the id is all a WebSocket needs to connect, like a token.
      id: randomUUID(),
      orgId: org.id,
      expiresAt: now + CHANNEL_LIFETIME_MS,
      diesAt: early ? now + faults.earlyExpiryMs : undefined,
      lastUse: ++this.uses,
      topics: new Set(),
      connection: undefined,
      expiryTimer: undefined,
    };
    this.channels.set(channel.id, channel);
    this.scheduleExpiry(channel);
    const counters = this.counters.org(org.id);
    counters.channelsCreated++;
    counters.channelsLive++;
    return {
      id: channel.id,
      connectUri: `${connectBase}/channels/${channel.id}`,
      expires: new Date(channel.expiresAt).toISOString(),
    };
  }

  /** `HEAD`: whether the channel is alive for this org. */
  hasChannel(orgId: string, channelId: string): boolean {
    const channel = this.live(orgId, channelId);
    if (channel) channel.lastUse = ++this.uses;
    return channel !== undefined;
  }

  subscriptions(orgId: string, channelId: string): ChannelTopicModel[] {
    const channel = this.require(orgId, channelId);
    return [...channel.topics].map((id) => ({ id, state: 'Permitted' }));
  }

  /** `PUT`: replaces the list and renews the channel's lifetime. */
  replaceSubscriptions(org: OrgState, channelId: string, topics: readonly string[]): ChannelTopicModel[] {
    const channel = this.require(org.id, channelId);
    const answer = this.check(org, topics);
    const next = new Set(answer.filter((t) => t.state === 'Permitted').map((t) => t.id));
    this.assertTopicLimit(next.size);
    channel.topics = next;
    channel.expiresAt = this.deps.now() + CHANNEL_LIFETIME_MS;
    this.scheduleExpiry(channel);
    return answer;
  }

  /** `POST`: adds to the list; does not renew (only a PUT does, per the spec). */
  addSubscriptions(org: OrgState, channelId: string, topics: readonly string[]): ChannelTopicModel[] {
    const channel = this.require(org.id, channelId);
    const checked = this.check(org, topics);
    const next = new Set([
      ...channel.topics,
      ...checked.filter((t) => t.state === 'Permitted').map((t) => t.id),
    ]);
    this.assertTopicLimit(next.size);
    channel.topics = next;
    // The answer is the whole list after the change, plus what this call had rejected.
    return [
      ...[...next].map((id): ChannelTopicModel => ({ id, state: 'Permitted' })),
      ...checked.filter((t) => t.state === 'Rejected'),
    ];
  }

  /** A WebSocket upgrade for `channelId`: accepted (one connection per channel) or refused. */
  connect(channelId: string, transport: ChannelConnection): AcceptedConnection | ConnectRefusal {
    const refusal = this.refusal(channelId);
    const channel = this.channels.get(channelId);
    if (refusal || !channel) return refusal ?? 'unknownChannel';
    const connection: LiveConnection = {
      transport,
      heartbeat: undefined,
      cut: undefined,
      socketClosing: undefined,
      closing: false,
    };
    channel.connection = connection;
    channel.lastUse = ++this.uses;
    const counters = this.counters.org(channel.orgId);
    counters.connectionsOpened++;
    counters.connectionsOpen++;
    this.scheduleConnectionTimers(channel, connection);
    this.deps.logger.debug({ orgId: channel.orgId, channelId: channel.id }, 'notification connection opened');
    return {
      receive: (text) => this.receive(channel, connection, text),
      closed: () => this.disconnected(channel, connection),
    };
  }

  /** Why an upgrade for `channelId` would be refused (counted as refused), or undefined when it would be accepted. */
  refusal(channelId: string): ConnectRefusal | undefined {
    const found = this.channels.get(channelId);
    const channel = found ? this.live(found.orgId, channelId) : undefined;
    if (channel && !channel.connection) return undefined;
    if (found) this.counters.org(found.orgId).connectionsRefused++;
    return channel ? 'alreadyConnected' : 'unknownChannel';
  }

  /** Sends `v2.system.socket_closing` on every live connection (of one org), each closing after the delay. */
  announceSocketClosing(orgId?: string): number {
    let announced = 0;
    for (const channel of [...this.channels.values()]) {
      if (orgId !== undefined && channel.orgId !== orgId) continue;
      if (channel.connection && !channel.connection.closing) {
        this.socketClosing(channel, channel.connection);
        announced++;
      }
    }
    return announced;
  }

  /** Applies a new fault profile to the connections already open (heartbeat pace, random cuts and closings). */
  configure(): void {
    for (const channel of this.channels.values()) {
      if (channel.connection) this.scheduleConnectionTimers(channel, channel.connection);
    }
  }

  report(): NotificationReport {
    return this.counters.report();
  }

  resetCounters(): void {
    this.counters.reset();
  }

  /** Closes every connection (going away) and forgets every channel: the simulator is shutting down. */
  close(): void {
    for (const off of this.unsubscribe) off();
    for (const channel of [...this.channels.values()]) {
      channel.connection?.transport.close(CLOSE_CODES.goingAway, 'server shutting down');
      this.forget(channel);
    }
  }

  private publish(orgId: string, topic: string, eventBody: Record<string, unknown>): void {
    const counters = this.counters.topic(topic);
    counters.published++;
    const faults = this.deps.faults();
    for (const channel of this.channelsOf(orgId)) {
      if (!channel.topics.has(topic)) continue;
      if (!channel.connection) {
        counters.notConnected++;
        continue;
      }
      if (this.deps.prng.chance(faults.dropMessageRate)) {
        counters.dropped++;
        continue;
      }
      this.send(channel.connection, {
        topicName: topic,
        version: '2',
        eventBody,
        metadata: { CorrelationId: randomUUID() },
      });
      counters.sent++;
    }
  }

  private receive(channel: Channel, connection: LiveConnection, text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return; // Not a message the service understands: ignored, like any other unknown frame.
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success || frame.data.message !== 'ping') return;
    this.send(connection, { topicName: 'channel.metadata', eventBody: { message: 'pong' } });
    this.counters.org(channel.orgId).pongsSent++;
  }

  private disconnected(channel: Channel, connection: LiveConnection): void {
    this.stopConnectionTimers(connection);
    this.deps.timers.cancel(connection.socketClosing);
    if (channel.connection !== connection) return;
    this.deps.logger.debug({ orgId: channel.orgId, channelId: channel.id }, 'notification connection ended');
    channel.connection = undefined;
    channel.lastUse = ++this.uses;
    this.counters.org(channel.orgId).connectionsOpen--;
  }

  private send(connection: LiveConnection, message: Record<string, unknown>): void {
    connection.transport.send(JSON.stringify(message));
  }

  private scheduleConnectionTimers(channel: Channel, connection: LiveConnection): void {
    const { timers, prng } = this.deps;
    const faults = this.deps.faults();
    this.stopConnectionTimers(connection);
    const beat = () => {
      if (!this.live(channel.orgId, channel.id)) return; // Expired: live() closed the connection.
      const counters = this.counters.org(channel.orgId);
      if (this.deps.faults().heartbeatsStopped) counters.heartbeatsWithheld++;
      else {
        this.send(connection, {
          topicName: 'channel.metadata',
          eventBody: { message: 'WebSocket Heartbeat' },
        });
        counters.heartbeatsSent++;
      }
      connection.heartbeat = timers.after(
        this.deps.faults().heartbeatIntervalMs,
        'notification heartbeat',
        beat,
      );
    };
    connection.heartbeat = timers.after(faults.heartbeatIntervalMs, 'notification heartbeat', beat);
    if (faults.connectionCutsPerMinute > 0) {
      connection.cut = timers.after(
        exponentialDelayMs(prng, faults.connectionCutsPerMinute),
        'notification connection cut',
        () => {
          if (channel.connection !== connection) return;
          this.counters.org(channel.orgId).connectionsCut++;
          connection.transport.cut();
        },
      );
    }
    if (faults.socketClosingPerMinute > 0 && !connection.closing) {
      connection.socketClosing = timers.after(
        exponentialDelayMs(prng, faults.socketClosingPerMinute),
        'notification socket closing',
        () => {
          if (channel.connection === connection && !connection.closing)
            this.socketClosing(channel, connection);
        },
      );
    }
  }

  private stopConnectionTimers(connection: LiveConnection): void {
    const { timers } = this.deps;
    timers.cancel(connection.heartbeat);
    timers.cancel(connection.cut);
    if (!connection.closing) timers.cancel(connection.socketClosing);
    connection.heartbeat = connection.cut = undefined;
  }

  private socketClosing(channel: Channel, connection: LiveConnection): void {
    connection.closing = true;
    this.deps.timers.cancel(connection.socketClosing);
    this.send(connection, {
      topicName: 'v2.system.socket_closing',
      version: '2',
      eventBody: { message: 'This connection closes soon for maintenance: open a new channel' },
      metadata: { CorrelationId: randomUUID() },
    });
    this.counters.org(channel.orgId).socketClosingsSent++;
    connection.socketClosing = this.deps.timers.after(
      this.deps.faults().socketClosingDelayMs,
      'notification socket close',
      () => connection.transport.close(CLOSE_CODES.goingAway, 'socket closing'),
    );
  }

  private check(org: OrgState, topics: readonly string[]): ChannelTopicModel[] {
    const denied = this.deps.faults().permissionDeniedTopics;
    const unique = [...new Set(topics)];
    const answer = unique.map((topic) => checkTopic(org, topic, denied));
    this.counters.org(org.id).topicsRejected += answer.filter((t) => t.state === 'Rejected').length;
    return answer;
  }

  private assertTopicLimit(size: number): void {
    if (size > MAX_TOPICS_PER_CHANNEL) {
      throw badRequest(
        `A channel may subscribe to at most ${MAX_TOPICS_PER_CHANNEL} topics; this would make ${size}`,
      );
    }
  }

  private channelsOf(orgId: string): Channel[] {
    return [...this.channels.values()].filter(
      (c) => c.orgId === orgId && this.live(orgId, c.id) !== undefined,
    );
  }

  /** The channel if it belongs to the org and has not expired; an expired one is removed on the way. */
  private live(orgId: string, channelId: string): Channel | undefined {
    const channel = this.channels.get(channelId);
    if (!channel || channel.orgId !== orgId) return undefined;
    if (this.deps.now() >= this.expiryOf(channel)) {
      this.counters.org(orgId).channelsExpired++;
      this.remove(channel, 'channel expired');
      return undefined;
    }
    return channel;
  }

  private require(orgId: string, channelId: string): Channel {
    const channel = this.live(orgId, channelId);
    if (!channel) throw notFound(`Channel ${channelId}`);
    channel.lastUse = ++this.uses;
    return channel;
  }

  private expiryOf(channel: Channel): number {
    return Math.min(channel.expiresAt, channel.diesAt ?? Number.POSITIVE_INFINITY);
  }

  /** A timer at the expiry, so a connected channel is closed on time; it re-checks the (injectable) clock. */
  private scheduleExpiry(channel: Channel): void {
    const { timers } = this.deps;
    timers.cancel(channel.expiryTimer);
    const inMs = Math.max(0, this.expiryOf(channel) - this.deps.now());
    channel.expiryTimer = timers.after(Math.min(inMs, 2 ** 31 - 1), 'notification channel expiry', () => {
      channel.expiryTimer = undefined;
      if (this.live(channel.orgId, channel.id)) this.scheduleExpiry(channel);
    });
  }

  private remove(channel: Channel, reason: string): void {
    const connection = channel.connection;
    this.forget(channel);
    this.counters.org(channel.orgId).channelsLive--;
    if (connection) {
      this.disconnected(channel, connection);
      connection.transport.close(CLOSE_CODES.channelGone, reason);
    }
    this.deps.logger.debug(
      { orgId: channel.orgId, channelId: channel.id, reason },
      'notification channel removed',
    );
  }

  private forget(channel: Channel): void {
    this.deps.timers.cancel(channel.expiryTimer);
    this.channels.delete(channel.id);
    if (channel.connection) this.stopConnectionTimers(channel.connection);
  }
}
