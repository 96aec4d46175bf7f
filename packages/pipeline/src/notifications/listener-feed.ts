import { buSchedulesTopic } from '@wfm-sync/genesys-client';
import { duplicateConnection, type RedisConnection } from '@wfm-sync/redis-kit';
import { type Logger, pino } from 'pino';
import {
  FEED_FIELD,
  type FeedGap,
  FeedMessageSchema,
  type ListeningChange,
  type OperationEnd,
  type TrunkUpdate,
} from './feed-messages.js';
import { notificationKeys } from './keys.js';
import { type NotificationStatusRecord, NotificationStatusStore } from './status-store.js';

export interface ListenerFeedHandlers {
  /** A trunk's pushed connection/REGISTER/OPTIONS states. */
  onTrunkUpdate?(update: TrunkUpdate): void | Promise<void>;
  /** A schedule operation ended (Complete, Error, Canceled). */
  onOperationEnd?(end: OperationEnd): void | Promise<void>;
  /** Pushes may have been lost: one listing read must re-sync (`gap.id` is unique: dedupe a re-sync job on it). */
  onGap?(gap: FeedGap): void | Promise<void>;
  /** The org's pushes started or stopped flowing. */
  onListeningChange?(change: ListeningChange): void | Promise<void>;
}

/** One org's read: its blocking connection, whether it should go on, and its loop (settled when it stopped). */
interface OrgReader {
  reader: RedisConnection;
  active: boolean;
  loop: Promise<void>;
}

export interface ListenerFeedOptions {
  /** A connection to duplicate: each org's blocking read gets its own. */
  redis: RedisConnection;
  /** @defaultValue 'wfm' */
  prefix?: string;
  /** The orgs read from `start`; `add` and `remove` change the set while running (a topology reload). */
  orgIds: readonly string[];
  handlers: ListenerFeedHandlers;
  /** Longest XREAD block (also how long `close` may wait). @defaultValue 2000 */
  blockMs?: number;
  /** Status record older than this: no owner alive. @defaultValue 20000 */
  statusStaleAfterMs?: number;
  /** @defaultValue silent */
  logger?: Logger;
  /** @defaultValue Date.now */
  now?: () => number;
}

/**
 * What the org's channel owner heard, for any worker: reads each org's feed stream (from where it stood at
 * `start`) and calls the typed handlers in order. Every entry is validated; one that does not parse is logged and
 * skipped. A read that fails (Redis reconnect) is reported as a gap (`feed-reconnected`) once the stream answers
 * again, since entries may have been trimmed meanwhile. Handlers run one at a time per org; a throwing handler is
 * logged and the feed goes on. The set of orgs read follows topology reloads through `add` and `remove`.
 */
export class ListenerFeed {
  private readonly prefix: string;
  private readonly blockMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly status: NotificationStatusStore;
  /** The orgs read now, each with its own blocking connection and read loop. */
  private readonly reading = new Map<string, OrgReader>();
  private readonly listening = new Map<string, boolean>();
  private running = false;

  constructor(private readonly options: ListenerFeedOptions) {
    this.prefix = options.prefix ?? 'wfm';
    this.blockMs = options.blockMs ?? 2_000;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'listener-feed' });
    this.now = options.now ?? Date.now;
    this.status = new NotificationStatusStore(options.redis, this.prefix);
  }

  /** Starts reading the orgs of `orgIds`: only entries added from now on are delivered. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const orgId of this.options.orgIds) await this.add(orgId);
  }

  /**
   * Starts reading one more org's feed, from where its stream stands now (an org added by a topology reload).
   * Nothing happens before `start`, after `close`, or for an org already read.
   */
  async add(orgId: string): Promise<void> {
    if (!this.running || this.reading.has(orgId)) return;
    const key = notificationKeys(this.prefix, orgId).feed;
    const last = await this.options.redis.xrevrange(key, '+', '-', 'COUNT', 1);
    const from = last[0]?.[0] ?? '0-0';
    const record = await this.statusOf(orgId);
    // Checked again: a concurrent `add` of the same org, or `close`, may have run during the reads.
    if (!this.running || this.reading.has(orgId)) return;
    this.listening.set(orgId, (record?.liveTopics ?? 0) > 0);
    const reader = duplicateConnection(this.options.redis);
    reader.on('error', (error: unknown) =>
      this.logger.debug({ org: orgId, err: error }, 'listener feed connection error'),
    );
    const state: OrgReader = { reader, active: true, loop: Promise.resolve() };
    state.loop = this.readLoop(orgId, key, state, from);
    this.reading.set(orgId, state);
  }

  /**
   * Stops reading an org's feed (an org removed by a topology reload): its connection is closed, its listening
   * flag forgotten (so it counts as not listening), and the promise settles once its loop has ended, so no handler
   * of that org runs afterwards. The stream itself stays in Redis.
   */
  async remove(orgId: string): Promise<void> {
    const state = this.reading.get(orgId);
    if (!state) return;
    this.reading.delete(orgId);
    this.listening.delete(orgId);
    state.active = false;
    state.reader.disconnect();
    await state.loop;
  }

  /** The orgs whose feed is read now. */
  orgIds(): string[] {
    return [...this.reading.keys()];
  }

  async close(): Promise<void> {
    this.running = false;
    const states = [...this.reading.values()];
    this.reading.clear();
    for (const state of states) {
      state.active = false;
      state.reader.disconnect();
    }
    await Promise.allSettled(states.map((state) => state.loop));
  }

  /** Whether the org's pushes flow now, as the last status or listening message said. */
  isListening(orgId: string): boolean {
    return this.listening.get(orgId) ?? false;
  }

  /** The org's status record (owner, since when connected, last heartbeat, gaps, fallback). */
  statusOf(orgId: string): Promise<NotificationStatusRecord | undefined> {
    return this.status.read(orgId, this.now(), this.options.statusStaleAfterMs ?? 20_000);
  }

  /**
   * Asks the owner to listen to a business unit's schedules topic (before the unit's first update) and waits up to
   * `timeoutMs` for it to be on a live channel. False: not listened to (no channel, refused, still subscribing),
   * so the update's end must be observed by reading, as without notifications.
   */
  async listenToBusinessUnit(orgId: string, businessUnitId: string, timeoutMs: number): Promise<boolean> {
    const keys = notificationKeys(this.prefix, orgId);
    await this.options.redis.sadd(keys.businessUnits, businessUnitId);
    const topic = buSchedulesTopic(businessUnitId);
    const deadline = this.now() + timeoutMs;
    for (;;) {
      if (await this.status.isTopicLive(orgId, topic)) return true;
      if (this.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, Math.max(1, deadline - this.now()))));
    }
  }

  /** Whether a business unit's schedules topic is on a live channel right now (no waiting). */
  isBusinessUnitLive(orgId: string, businessUnitId: string): Promise<boolean> {
    return this.status.isTopicLive(orgId, buSchedulesTopic(businessUnitId));
  }

  private async readLoop(orgId: string, key: string, state: OrgReader, from: string): Promise<void> {
    const { reader } = state;
    let lastId = from;
    let failed = false;
    while (this.running && state.active) {
      let answer: Array<[string, Array<[string, string[]]>]> | null;
      try {
        answer = (await reader.xread('COUNT', 500, 'BLOCK', this.blockMs, 'STREAMS', key, lastId)) as Array<
          [string, Array<[string, string[]]>]
        > | null;
      } catch (error) {
        if (!this.running || !state.active) return;
        if (!failed) this.logger.warn({ org: orgId, err: error }, 'listener feed read failed; retrying');
        failed = true;
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.blockMs, 500)));
        continue;
      }
      if (failed) {
        failed = false;
        // Entries may have been trimmed while we could not read: whatever they said must be re-read.
        await this.deliver(orgId, {
          kind: 'gap',
          orgId,
          reason: 'feed-reconnected',
          topics: [],
          at: this.now(),
          id: `feed-reconnected:${lastId}`,
        });
      }
      for (const [, entries] of answer ?? []) {
        for (const [id, fields] of entries) {
          // A removed org's entries read in its last XREAD are not delivered: nobody works the org any more.
          if (!state.active) return;
          lastId = id;
          await this.entry(orgId, id, fields);
        }
      }
    }
  }

  private async entry(orgId: string, id: string, fields: string[]): Promise<void> {
    const index = fields.indexOf(FEED_FIELD);
    const text = index >= 0 ? fields[index + 1] : undefined;
    let json: unknown;
    try {
      json = text === undefined ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = FeedMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.logger.warn({ org: orgId, id }, 'listener feed entry not understood: skipped');
      return;
    }
    const message = parsed.data;
    await this.deliver(orgId, message.kind === 'gap' ? { ...message, id } : message);
  }

  private async deliver(
    orgId: string,
    message: TrunkUpdate | OperationEnd | FeedGap | ListeningChange,
  ): Promise<void> {
    const { handlers } = this.options;
    try {
      switch (message.kind) {
        case 'trunk':
          await handlers.onTrunkUpdate?.(message);
          return;
        case 'operation':
          await handlers.onOperationEnd?.(message);
          return;
        case 'gap':
          await handlers.onGap?.(message);
          return;
        case 'listening':
          this.listening.set(orgId, message.listening);
          await handlers.onListeningChange?.(message);
          return;
      }
    } catch (error) {
      this.logger.warn({ org: orgId, kind: message.kind, err: error }, 'listener feed handler failed');
    }
  }
}
