import type { Logger } from '@wfm-sync/observability';
import type { PipelineContext } from '../context.js';
import { trunksOfOrg } from '../ingest/routing.js';
import { membershipChanges } from '../membership.js';
import { ChannelOwner, type ChannelOwnerOptions } from '../notifications/channel-owner.js';
import { currentNotificationClient } from '../notifications/current-client.js';
import type { FeedGap, ListeningChange } from '../notifications/feed-messages.js';
import { ListenerFeed } from '../notifications/listener-feed.js';
import {
  forgetNotificationStatus,
  type NotificationMetrics,
  recordNotificationStatus,
} from '../notifications/metrics.js';
import { OperationEnds } from '../notifications/operation-ends.js';
import { type NotificationStatusRecord, NotificationStatusStore } from '../notifications/status-store.js';
import type { ScheduleListening } from '../reconcile/schedule/upload.js';
import { enqueueForcedListing } from './forced-listing.js';
import { TrunkPollCadence } from './trunk-cadence.js';
import type { TrunkMonitor } from './trunk-monitor.js';

/** A status record older than this: its owner died and nobody took over (`no-owner`). */
export const STATUS_STALE_AFTER_MS = 20_000;

export interface WorkerListeningOptions {
  /** The notification metrics of the process's registry (`createNotificationMetrics`). */
  metrics: NotificationMetrics;
  /** `TRUNK_SAFETY_POLL_MS`: how often a listening org with nothing pending still lists its trunks. @defaultValue 300000 */
  safetyPollMs?: number;
  /** Channel owner tuning (tests). */
  owner?: Partial<
    Pick<ChannelOwnerOptions, 'timings' | 'leaseTtlMs' | 'acquireEveryMs' | 'tickMs' | 'topicRefreshMs'>
  >;
}

/** What a worker process runs to listen to Genesys (decision 024), and what the rest of the worker uses of it. */
export interface WorkerListening {
  feed: ListenerFeed;
  ends: OperationEnds;
  /** The channel owners running now, one per org listened to. */
  readonly owners: readonly ChannelOwner[];
  /** The orgs listened to now. */
  readonly orgIds: readonly string[];
  cadence: TrunkPollCadence;
  /** For the schedule reconciler: subscribe a business unit, wait for an operation's end. */
  schedules: ScheduleListening;
  /**
   * Listens to exactly these orgs from now on (after a topology reload): an added org's feed is read and its owner
   * competes for the lease; a removed org's owner closes its channels and releases its lease, its feed is no
   * longer read and its gauges are dropped. Orgs that stay are untouched.
   * Calls run one after the other.
   */
  follow(orgIds: readonly string[]): Promise<void>;
  /** Sets the notification gauges of every org listened to from its status record in Redis (the periodic sampler). */
  sample(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a process's listening: a `ChannelOwner` per org (only the lease holder opens channels; an org set to
 * `off` never competes), one `ListenerFeed` and one `OperationEnds`. Pushed trunk states go to the trunk monitor;
 * a gap, or listening turning false, enqueues one forced trunk listing per org, deduplicated across workers by the
 * gap's id. `orgIds` is the first set; `follow` changes it.
 */
export async function startListening(
  ctx: PipelineContext,
  monitor: TrunkMonitor,
  orgIds: readonly string[],
  pollEveryMs: number,
  options: WorkerListeningOptions,
): Promise<WorkerListening> {
  const logger: Logger = ctx.logger.child({ component: 'listening' });
  const prefix = ctx.names.prefix;
  const ends = new OperationEnds();
  const notificationsOf = (orgId: string) => ctx.topology.org(orgId)?.notifications ?? 'off';

  const resync = async (orgId: string, id: string, why: string): Promise<void> => {
    const jobId = await enqueueForcedListing(ctx, orgId, { kind: 'resync', id });
    if (!jobId) return;
    logger.debug({ org: orgId, why, jobId }, 'trunk re-sync enqueued');
  };

  const feed = new ListenerFeed({
    redis: ctx.redis,
    prefix,
    orgIds: [],
    logger,
    statusStaleAfterMs: STATUS_STALE_AFTER_MS,
    handlers: {
      onTrunkUpdate: (update) => monitor.observePush(update),
      onOperationEnd: (end) => ends.ended(end),
      onGap: async (gap: FeedGap) => {
        ends.gap(gap);
        await resync(gap.orgId, gap.id, gap.reason);
      },
      onListeningChange: async (change: ListeningChange) => {
        if (change.listening) return;
        // Pushes stopped: waits fall back to reading, and the trunks are listed at once.
        ends.gap({ topics: [] });
        await resync(change.orgId, `listening-off-${change.at}`, `listening stopped (${change.status})`);
      },
    },
  });
  await feed.start();

  const owners = new Map<string, ChannelOwner>();
  const ownerOf = (orgId: string) =>
    new ChannelOwner({
      orgId,
      redis: ctx.redis,
      client: currentNotificationClient(ctx.clientFor, orgId),
      prefix,
      trunkIds: () => trunksOfOrg(ctx.topology, orgId).map((t) => t.id),
      notifications: () => notificationsOf(orgId),
      logger: ctx.logger,
      metrics: options.metrics,
      ...options.owner,
    });

  const apply = async (wanted: readonly string[]): Promise<void> => {
    const { added, removed } = membershipChanges(owners.keys(), wanted);
    for (const orgId of removed) {
      const owner = owners.get(orgId);
      owners.delete(orgId);
      // The owner first: its last status write would set the gauges again.
      await owner?.stop();
      await feed.remove(orgId);
      forgetNotificationStatus(options.metrics, orgId);
      logger.info({ org: orgId }, 'org no longer in the region: stopped listening to it');
    }
    // The feed first: an owner's first connect is a gap whose re-sync must be heard.
    for (const orgId of added) await feed.add(orgId);
    const starting = added.map((orgId) => {
      const owner = ownerOf(orgId);
      owners.set(orgId, owner);
      return owner.start();
    });
    await Promise.all(starting);
    if (added.length > 0) logger.info({ orgs: added }, 'listening to orgs');
  };
  let following: Promise<void> = Promise.resolve();
  const follow = (wanted: readonly string[]): Promise<void> => {
    const done = following.then(() => apply(wanted));
    following = done.catch(() => undefined);
    return done;
  };
  await follow(orgIds);

  const cadence = new TrunkPollCadence({
    redis: ctx.redis,
    keysOf: (orgId) => ctx.names.org(orgId),
    pollEveryMs,
    safetyPollMs: options.safetyPollMs ?? 300_000,
    gateMaxAgeMs: ctx.settings.trunkHealthMaxAgeMs,
    isListening: (orgId) => notificationsOf(orgId) === 'auto' && feed.isListening(orgId),
    now: () => ctx.now(),
  });

  monitor.listenWith(
    (orgId) => notificationsOf(orgId) === 'auto' && feed.isListening(orgId),
    (orgId, times) => cadence.listed(orgId, times),
  );
  const status = new NotificationStatusStore(ctx.redis, prefix);
  return {
    feed,
    ends,
    get owners() {
      return [...owners.values()];
    },
    get orgIds() {
      return [...owners.keys()];
    },
    cadence,
    schedules: {
      listenToBusinessUnit: (orgId, businessUnitId, timeoutMs) =>
        notificationsOf(orgId) === 'auto'
          ? feed.listenToBusinessUnit(orgId, businessUnitId, timeoutMs)
          : Promise.resolve(false),
      waitForEnd: (businessUnitId, operationId, timeoutMs) =>
        ends.wait(businessUnitId, operationId, timeoutMs),
    },
    follow,
    sample: async () => {
      const now = ctx.now();
      for (const orgId of [...owners.keys()]) {
        const record =
          notificationsOf(orgId) === 'off'
            ? offRecord(now)
            : await status.read(orgId, now, STATUS_STALE_AFTER_MS);
        // A reload may have removed the org while its record was read: its gauges are gone and stay gone.
        if (owners.has(orgId)) recordNotificationStatus(options.metrics, orgId, record);
      }
    },
    close: async () => {
      await following;
      await Promise.all([...owners.values()].map((owner) => owner.stop()));
      owners.clear();
      await feed.close();
    },
  };
}

/** What an org set to `off` reports (no owner runs for it, so it has no record). */
function offRecord(now: number): NotificationStatusRecord {
  return {
    status: 'off',
    owner: undefined,
    channelIds: [],
    connectedSince: undefined,
    lastHeartbeatAt: undefined,
    gaps: 0,
    lastGapReason: undefined,
    fallbackReason: undefined,
    fallbackSince: undefined,
    liveTopics: 0,
    rejectedTopics: 0,
    updatedAt: now,
  };
}
