import { hostname } from 'node:os';
import {
  buSchedulesTopic,
  GenesysApiError,
  type GenesysClient,
  isNotificationsRefused,
  MAX_TOPICS_PER_CHANNEL,
  NOTIFICATION_PING,
  type NotificationMessage,
  parseNotificationMessage,
  subscriptionOutcome,
  trunkTopic,
} from '@wfm-sync/genesys-client';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import { type Logger, pino } from 'pino';
import WebSocket from 'ws';
import {
  type ChannelCommand,
  type ChannelEvent,
  ChannelMachine,
  type ChannelSnapshot,
  type ChannelTimings,
} from './channel-state.js';
import { FEED_FIELD, type FeedGapReason, type FeedMessage } from './feed-messages.js';
import { type NotificationKeys, notificationKeys } from './keys.js';
import { type NotificationMetrics, recordNotificationStatus } from './metrics.js';
import { OwnerLease } from './owner-lease.js';
import { type NotificationStatusRecord, NotificationStatusStore } from './status-store.js';

/** The Genesys calls a channel owner makes. */
export type NotificationClient = Pick<
  GenesysClient,
  'createNotificationChannel' | 'replaceNotificationSubscriptions' | 'notificationConnectUrl'
>;

export interface ChannelOwnerOptions {
  orgId: string;
  /** Commands (lease, status, feed); the owner never blocks on it. */
  redis: RedisConnection;
  client: NotificationClient;
  /** Redis namespace of the deployment. @defaultValue 'wfm' */
  prefix?: string;
  /** The org's trunks to listen to (read again at every topic refresh: the topology may be reloaded). */
  trunkIds: () => readonly string[];
  /**
   * The org's topology setting, read at every step (a SIGHUP reload may change it): `off` never competes for the
   * lease, and a holder that sees it turn `off` closes its channels and releases the lease. @defaultValue auto
   */
  notifications?: () => 'auto' | 'off';
  /** @defaultValue silent */
  logger?: Logger;
  metrics?: NotificationMetrics;
  timings?: Partial<ChannelTimings>;
  /** Lease time to live; a dead owner is replaced at most this long (plus `acquireEveryMs`) after it died. @defaultValue 6000 */
  leaseTtlMs?: number;
  /** How often a process without the lease tries to take it. @defaultValue 2000 */
  acquireEveryMs?: number;
  /** Clock tick of the state machine (pings, heartbeats, renewals, backoff). @defaultValue 1000 */
  tickMs?: number;
  /** How often the topics (trunks, business units asked for) are re-read (one SMEMBERS). @defaultValue 1000 */
  topicRefreshMs?: number;
  /** Bound of the feed stream (approximate, `MAXLEN ~`). @defaultValue 10000 */
  feedMaxLen?: number;
  /** Names this process in the lease and the status. @defaultValue host:pid */
  holder?: string;
  /** @defaultValue Date.now */
  now?: () => number;
  /** @defaultValue 10000 */
  handshakeTimeoutMs?: number;
}

/** One channel: its state machine and its WebSocket(s), driven by the owner. */
class ChannelRunner {
  readonly machine: ChannelMachine;
  /** The live WebSocket of each channel id (one per channel; a replacement has its own). */
  private readonly sockets = new Map<string, WebSocket>();
  topics: string[] = [];

  constructor(
    private readonly owner: ChannelOwner,
    timings: Partial<ChannelTimings>,
  ) {
    this.machine = new ChannelMachine(timings);
  }

  handle(event: ChannelEvent): void {
    const commands = this.machine.handle(event, this.owner.now());
    for (const command of commands) this.run(command);
    this.owner.changed();
  }

  closeAll(terminate: boolean): void {
    for (const [id, ws] of this.sockets) {
      this.sockets.delete(id);
      if (terminate) ws.terminate();
      else ws.close(1000, 'owner stopped');
    }
  }

  private run(command: ChannelCommand): void {
    switch (command.type) {
      case 'create-channel':
        void this.createChannel(command.ref);
        return;
      case 'subscribe':
        void this.subscribe(command.channelId, command.topics);
        return;
      case 'connect':
        this.connect(command.channelId, command.connectUri);
        return;
      case 'ping': {
        const ws = this.sockets.get(command.channelId);
        if (ws?.readyState === WebSocket.OPEN) ws.send(NOTIFICATION_PING);
        return;
      }
      case 'close': {
        const ws = this.sockets.get(command.channelId);
        this.sockets.delete(command.channelId);
        if (ws) closeSoon(ws, command.why);
        return;
      }
      case 'resync':
        this.owner.gap(command.reason, command.topics);
        return;
      case 'topics-rejected':
        this.owner.logger.warn(
          { org: this.owner.orgId, topics: command.topics },
          'notification topics rejected: polled instead',
        );
        this.owner.gap(
          'topics-rejected',
          command.topics.map((t) => t.id),
        );
        return;
    }
  }

  private async createChannel(ref: number): Promise<void> {
    try {
      const channel = await this.owner.client.createNotificationChannel();
      const expiresAt = channel.expires === undefined ? Number.NaN : Date.parse(channel.expires);
      this.handle({
        type: 'channel-created',
        ref,
        channel: {
          id: channel.id,
          connectUri: channel.connectUri,
          expiresAt: Number.isFinite(expiresAt) ? expiresAt : undefined,
        },
      });
    } catch (error) {
      const refused = isNotificationsRefused(error);
      this.owner.logger[refused ? 'warn' : 'info'](
        { org: this.owner.orgId, err: error },
        refused ? 'notification channel refused: the org is polled' : 'notification channel not created',
      );
      this.handle({ type: 'channel-create-failed', ref, refused, message: describe(error) });
    }
  }

  private async subscribe(channelId: string, topics: readonly string[]): Promise<void> {
    const sentAt = this.owner.now();
    try {
      const answer = await this.owner.client.replaceNotificationSubscriptions(channelId, topics);
      const outcome = subscriptionOutcome(topics, answer);
      this.handle({
        type: 'subscribed',
        channelId,
        sentAt,
        permitted: outcome.permitted,
        rejected: outcome.rejected.map((t) => ({ id: t.id, reason: t.reason })),
      });
    } catch (error) {
      const gone = error instanceof GenesysApiError && error.status === 404;
      this.owner.logger.info(
        { org: this.owner.orgId, channelId, err: error },
        'notification subscription failed',
      );
      this.handle({ type: 'subscribe-failed', channelId, gone, message: describe(error) });
    }
  }

  private connect(channelId: string, connectUri: string): void {
    let url: URL;
    try {
      url = this.owner.client.notificationConnectUrl(connectUri);
    } catch (error) {
      this.owner.logger.error({ org: this.owner.orgId, err: error }, 'notification connectUri refused');
      queueMicrotask(() =>
        this.handle({ type: 'connect-failed', channelId, gone: true, message: describe(error) }),
      );
      return;
    }
    const ws = new WebSocket(url, { handshakeTimeout: this.owner.handshakeTimeoutMs });
    this.sockets.set(channelId, ws);
    let settled = false;
    const current = () => this.sockets.get(channelId) === ws;
    const failed = (gone: boolean, message: string) => {
      if (settled) return;
      settled = true;
      if (this.sockets.get(channelId) === ws) this.sockets.delete(channelId);
      ws.terminate();
      this.handle({ type: 'connect-failed', channelId, gone, message });
    };
    ws.on('unexpected-response', (_request, response) => {
      failed(response.statusCode === 404, `upgrade answered ${response.statusCode ?? 'nothing'}`);
    });
    ws.on('open', () => {
      if (settled || !current()) return;
      settled = true;
      this.handle({ type: 'opened', channelId });
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary || !current()) return;
      this.received(channelId, parseNotificationMessage(data.toString()));
    });
    ws.on('error', (error) => {
      this.owner.logger.debug({ org: this.owner.orgId, channelId, err: error }, 'notification socket error');
      if (!settled) failed(false, error.message);
    });
    ws.on('close', (code) => {
      if (!settled) {
        failed(false, `closed with ${code} before opening`);
        return;
      }
      if (!current()) return; // We closed it (replaced, dead, stopped): already known.
      this.sockets.delete(channelId);
      this.handle({ type: 'closed', channelId, code });
    });
  }

  private received(channelId: string, message: NotificationMessage): void {
    this.owner.counted(message.kind);
    switch (message.kind) {
      case 'heartbeat':
        this.handle({ type: 'heartbeat', channelId });
        return;
      case 'pong':
        this.handle({ type: 'pong', channelId });
        return;
      case 'socket-closing':
        this.owner.logger.info(
          { org: this.owner.orgId, channelId },
          'socket_closing: moving to a new channel',
        );
        this.handle({ type: 'socket-closing', channelId });
        return;
      case 'trunk':
        this.owner.publish({
          kind: 'trunk',
          orgId: this.owner.orgId,
          trunkId: message.body.id ?? message.trunkId,
          ...(message.body.connectedStatus === undefined
            ? {}
            : { connectedStatus: pickDefined({ connected: message.body.connectedStatus.connected }) }),
          ...(message.body.registersStatus === undefined
            ? {}
            : {
                registersStatus: message.body.registersStatus.map((r) =>
                  pickDefined({ proxyAddress: r.proxyAddress, registerState: r.registerState }),
                ),
              }),
          ...(message.body.optionsStatus === undefined
            ? {}
            : {
                optionsStatus: message.body.optionsStatus.map((o) =>
                  pickDefined({ proxyAddress: o.proxyAddress, optionState: o.optionState }),
                ),
              }),
          receivedAt: this.owner.now(),
        });
        return;
      case 'schedule': {
        const { status, operationId } = message.body;
        if (status === 'Processing' || operationId === undefined) return;
        const version = message.body.result?.metadata?.version;
        this.owner.publish({
          kind: 'operation',
          orgId: this.owner.orgId,
          businessUnitId: message.businessUnitId,
          operationId,
          status,
          ...(version === undefined ? {} : { scheduleVersion: version }),
          receivedAt: this.owner.now(),
        });
        return;
      }
      case 'invalid':
        this.owner.logger.warn(
          { org: this.owner.orgId, channelId, topic: message.topic, issues: message.issues },
          'notification message not understood: ignored',
        );
        return;
      case 'other':
        return;
    }
  }
}

/**
 * Holds an org's notification channels, once per org whatever the number of processes: the process holding the
 * org's owner lease (`OwnerLease`) runs one `ChannelMachine` per 1,000 topics with a `ws` WebSocket each, and
 * publishes what it hears to the org's feed stream (trunk updates, operation ends, gaps, listening changes) and its
 * status record. Every process of the region runs one (`start`); the others wait and take over within
 * `leaseTtlMs + acquireEveryMs` when the holder dies. Topics: the org's trunks (`trunkIds`) and the business units
 * workers asked for (`ListenerFeed.listenToBusinessUnit`).
 */
export class ChannelOwner {
  readonly orgId: string;
  readonly client: NotificationClient;
  readonly logger: Logger;
  readonly handshakeTimeoutMs: number;
  readonly now: () => number;
  private readonly keys: NotificationKeys;
  private readonly lease: OwnerLease;
  private readonly status: NotificationStatusStore;
  private readonly holderName: string;
  private readonly leaseTtlMs: number;
  private readonly acquireEveryMs: number;
  private readonly tickMs: number;
  private readonly topicRefreshMs: number;
  private readonly feedMaxLen: number;
  private runners: ChannelRunner[] = [];
  private holding = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private nextLeaseAt = 0;
  private nextTopicsAt = 0;
  /** Redis writes in order (feed entries, status). */
  private writes: Promise<void> = Promise.resolve();
  private lastStatusJson = '';
  private lastListening: boolean | undefined;
  private looping = false;
  /** The step running now (lease, topics, tick): `stop` waits for it, so none acts after the owner stopped. */
  private stepping: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChannelOwnerOptions) {
    this.orgId = options.orgId;
    this.client = options.client;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'channel-owner' });
    this.now = options.now ?? Date.now;
    this.handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
    const prefix = options.prefix ?? 'wfm';
    this.keys = notificationKeys(prefix, options.orgId);
    this.holderName = options.holder ?? `${hostname()}:${process.pid}`;
    this.leaseTtlMs = options.leaseTtlMs ?? 6_000;
    this.acquireEveryMs = options.acquireEveryMs ?? 2_000;
    this.tickMs = options.tickMs ?? 1_000;
    this.topicRefreshMs = options.topicRefreshMs ?? 1_000;
    this.feedMaxLen = options.feedMaxLen ?? 10_000;
    this.lease = new OwnerLease(options.redis, this.keys.owner, this.leaseTtlMs, this.holderName);
    this.status = new NotificationStatusStore(options.redis, prefix);
  }

  /** Whether this process holds the org's channels now. */
  get isOwner(): boolean {
    return this.holding;
  }

  /** The channels' state (merged over every channel of the org). */
  snapshot(): ChannelSnapshot | undefined {
    return merge(this.runners.map((r) => r.machine.snapshot()));
  }

  /** Competes for the lease and, once holding it, listens. Resolves after the first attempt. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.step();
  }

  /**
   * Stops listening, closes the sockets and releases the lease (another process takes over at once). Used at
   * shutdown and when a reload removes the org, so it first lets a step in flight end: a lease renewed by that step
   * would otherwise open channels again after the release.
   */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.stepping;
    const wasHolding = this.holding;
    this.stopChannels(false);
    await this.writes;
    if (wasHolding) {
      await this.lease.release().catch(() => undefined);
      await this.writeStatus('idle').catch(() => undefined);
    }
  }

  /** Dies as a SIGKILLed process would: sockets cut, nothing released, nothing written. (Tests.) */
  kill(): void {
    this.running = false;
    clearTimeout(this.timer);
    for (const runner of this.runners) runner.closeAll(true);
    this.runners = [];
    this.holding = false;
  }

  /** Called by the runners after every event: the status and metrics follow. */
  changed(): void {
    if (!this.holding) return;
    void this.writeStatus(undefined);
  }

  counted(kind: NotificationMessage['kind']): void {
    this.options.metrics?.messages.inc({ org: this.orgId, kind });
  }

  gap(reason: FeedGapReason, topics: readonly string[]): void {
    this.options.metrics?.gaps.inc({ org: this.orgId, reason });
    this.logger.info(
      { org: this.orgId, reason, topics: topics.length },
      'notification gap: one re-sync read',
    );
    this.publish({ kind: 'gap', orgId: this.orgId, reason, topics: [...topics], at: this.now() });
  }

  publish(message: FeedMessage): void {
    this.enqueueWrite(async () => {
      await this.options.redis.xadd(
        this.keys.feed,
        'MAXLEN',
        '~',
        this.feedMaxLen,
        '*',
        FEED_FIELD,
        JSON.stringify(message),
      );
    });
  }

  private enqueueWrite(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      this.logger.warn({ org: this.orgId, err: error }, 'notification feed or status not written');
    });
  }

  private step(): Promise<void> {
    this.stepping = this.loop();
    return this.stepping;
  }

  private async loop(): Promise<void> {
    if (!this.running || this.looping) return;
    this.looping = true;
    try {
      const now = this.now();
      if (this.options.notifications?.() === 'off') {
        if (this.holding) {
          this.logger.info({ org: this.orgId }, 'notifications turned off: closing the channels');
          this.stopChannels(false);
          await this.writes;
          await this.lease.release();
          await this.writeStatus('off');
        }
        this.nextLeaseAt = 0;
        return;
      }
      if (now >= this.nextLeaseAt) await this.leaseStep(now);
      if (this.holding && this.running) {
        if (now >= this.nextTopicsAt) await this.refreshTopics(now);
        for (const runner of this.runners) runner.handle({ type: 'tick' });
      }
    } catch (error) {
      this.logger.warn({ org: this.orgId, err: error }, 'channel owner step failed');
    } finally {
      this.looping = false;
      if (this.running) this.timer = setTimeout(() => void this.step(), this.tickMs);
    }
  }

  private async leaseStep(now: number): Promise<void> {
    let ours: boolean;
    try {
      ours = await this.lease.acquireOrRenew();
    } catch (error) {
      // Redis unreachable: we cannot tell whether the lease is still ours, so we act as if it were not.
      this.logger.warn({ org: this.orgId, err: error }, 'channel owner lease not renewed');
      ours = false;
    }
    if (ours && !this.holding) {
      this.holding = true;
      this.logger.info({ org: this.orgId, holder: this.holderName }, 'channel owner: lease acquired');
      this.nextTopicsAt = 0;
      await this.refreshTopics(now, true);
    } else if (!ours && this.holding) {
      this.logger.warn({ org: this.orgId, holder: this.holderName }, 'channel owner: lease lost');
      this.stopChannels(false);
    } else if (ours) {
      this.enqueueWrite(() => this.status.touch(this.orgId, this.now()));
    }
    this.nextLeaseAt = now + (this.holding ? Math.floor(this.leaseTtlMs / 3) : this.acquireEveryMs);
  }

  private stopChannels(terminate: boolean): void {
    // No status write from here on: the lease (and the status record) may be another process's already.
    this.holding = false;
    for (const runner of this.runners) {
      runner.handle({ type: 'stop' });
      runner.closeAll(terminate);
    }
    this.runners = [];
    this.holding = false;
    this.lastListening = undefined;
    this.lastStatusJson = '';
  }

  private async refreshTopics(now: number, starting = false): Promise<void> {
    this.nextTopicsAt = now + this.topicRefreshMs;
    const businessUnits = await this.options.redis.smembers(this.keys.businessUnits);
    const topics = [
      ...[...new Set(this.options.trunkIds())].sort().map(trunkTopic),
      ...[...new Set(businessUnits)].sort().map(buSchedulesTopic),
    ];
    const chunks: string[][] = [];
    for (let i = 0; i < topics.length; i += MAX_TOPICS_PER_CHANNEL) {
      chunks.push(topics.slice(i, i + MAX_TOPICS_PER_CHANNEL));
    }
    if (chunks.length === 0) chunks.push([]);
    while (this.runners.length > chunks.length) {
      const runner = this.runners.pop();
      runner?.handle({ type: 'stop' });
      runner?.closeAll(false);
    }
    for (const [i, chunk] of chunks.entries()) {
      let runner = this.runners[i];
      if (!runner) {
        runner = new ChannelRunner(this, this.options.timings ?? {});
        this.runners.push(runner);
        runner.topics = chunk;
        runner.handle({ type: 'start', topics: chunk });
      } else {
        runner.topics = chunk;
        runner.handle({ type: 'set-topics', topics: chunk });
      }
    }
    if (starting) this.changed();
  }

  private async writeStatus(stoppedAs: 'idle' | 'off' | undefined): Promise<void> {
    const stopped = stoppedAs !== undefined;
    const snapshot = this.snapshot();
    const record: NotificationStatusRecord = {
      status: stoppedAs ?? snapshot?.status ?? 'idle',
      owner: stopped ? undefined : this.holderName,
      channelIds: stopped || !snapshot?.channelId ? [] : snapshot.channelId.split(','),
      connectedSince: stopped ? undefined : snapshot?.connectedSince,
      lastHeartbeatAt: snapshot?.lastHeartbeatAt,
      gaps: snapshot?.gaps ?? 0,
      lastGapReason: snapshot?.lastGapReason,
      fallbackReason: snapshot?.fallbackReason,
      fallbackSince: snapshot?.fallbackSince,
      liveTopics: stopped ? 0 : (snapshot?.liveTopics.length ?? 0),
      rejectedTopics: snapshot?.rejected.length ?? 0,
      updatedAt: 0,
    };
    const json = JSON.stringify(record);
    const listening = !stopped && (snapshot?.liveTopics.length ?? 0) > 0;
    const liveTopics = stopped ? [] : [...(snapshot?.liveTopics ?? [])];
    if (json === this.lastStatusJson && listening === this.lastListening) return;
    this.lastStatusJson = json;
    const listeningChanged = listening !== this.lastListening;
    this.lastListening = listening;
    const at = this.now();
    const stamped = { ...record, updatedAt: at };
    if (this.options.metrics) recordNotificationStatus(this.options.metrics, this.orgId, stamped);
    this.enqueueWrite(() => this.status.write(this.orgId, stamped, liveTopics));
    if (listeningChanged) {
      this.publish({ kind: 'listening', orgId: this.orgId, listening, status: stamped.status, at });
    }
    await this.writes;
  }
}

/** Several channels as one: the worst status, the oldest heartbeat, every live topic. */
function merge(snapshots: ChannelSnapshot[]): ChannelSnapshot | undefined {
  if (snapshots.length <= 1) return snapshots[0];
  const rank = [
    'fallback',
    'idle',
    'reconnecting',
    'creating',
    'subscribing',
    'connecting',
    'degraded',
    'connected',
  ] as const;
  const worst = [...snapshots].sort(
    (a, b) => rank.indexOf(a.status) - rank.indexOf(b.status),
  )[0] as ChannelSnapshot;
  const minOf = (values: Array<number | undefined>) =>
    values.some((v) => v === undefined) ? undefined : Math.min(...(values as number[]));
  return {
    ...worst,
    channelId: snapshots
      .map((s) => s.channelId)
      .filter((id) => id !== undefined)
      .join(','),
    connectedSince: minOf(snapshots.map((s) => s.connectedSince)),
    lastHeartbeatAt: minOf(snapshots.map((s) => s.lastHeartbeatAt)),
    gaps: snapshots.reduce((sum, s) => sum + s.gaps, 0),
    liveTopics: snapshots.flatMap((s) => s.liveTopics),
    rejected: snapshots.flatMap((s) => s.rejected),
  };
}

function closeSoon(ws: WebSocket, why: string): void {
  if (ws.readyState === WebSocket.CONNECTING) {
    ws.terminate();
    return;
  }
  ws.close(1000, why.slice(0, 100));
  // A peer that never answers the close handshake is cut rather than kept for ws' own 30 s.
  setTimeout(() => ws.terminate(), 1_000).unref();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function pickDefined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = item;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
