import type { TopologyIndex } from '@wfm-sync/config';
import { keyMember, keyOfCampaign, keyOfEvent, type SyncKey, type WfmEvent } from '@wfm-sync/domain';
import { isCluster, LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import type { PipelineContext } from '../context.js';
import { CLAIM_AND_STORE_EVENTS_LUA, STORE_EVENTS_LUA } from '../store/lua/store-events.js';
import { orgQueueName, type PipelineNames } from '../store/names.js';
import { TRACE_LINKS_PER_KEY, TRACE_LINKS_TTL_MS } from '../store/trace-links.js';
import { type TraceLink, traceRecord } from '../tracing.js';
import type { KeyToEnqueue, QueueRegistry } from './queues.js';
import { queueForKey } from './routing.js';
import { type ClaimOutcome, claimOutcome, claimWebhookId, type WebhookIdClaim } from './webhook-claim.js';

const storeEvents = new LuaScript('store-events', STORE_EVENTS_LUA);
const claimAndStoreEvents = new LuaScript('claim-and-store-events', CLAIM_AND_STORE_EVENTS_LUA);

export type EventOutcome = 'accepted' | 'duplicate' | 'stale';

export interface RecordResult {
  accepted: number;
  duplicates: number;
  stale: number;
  /** Per event, in request order. */
  outcomes: EventOutcome[];
  /** With `RecordOptions.claim`: `claimed`, or `busy`/`done` and then nothing was stored (the counts are 0). */
  claim?: ClaimOutcome;
}

export interface RecordOptions {
  /**
   * Claim this webhook-id first, and record only if the claim is this delivery's. The claim goes out in one script
   * with the first org's store where Redis allows it (not Cluster: the id is outside every org's slot): one round
   * trip for both (decision 031).
   */
  claim?: WebhookIdClaim;
  /**
   * Marks the webhook-id done once the events are stored (decision 036), at no round trip of its own: in the
   * claim-and-store script itself when that is the delivery's only store (one org, the claim sent with it), else by
   * `send`, in the same event-loop turn as the enqueue and awaited with it. Neither when the claim was refused.
   */
  done?: DoneMark;
}

export interface DoneMark {
  /** How long the id is remembered as done, in whole seconds (the script sets it with EX). */
  ttlS: number;
  /** Marks it on its own (a delivery of several orgs, one whose claim went first, Redis Cluster). */
  send(): Promise<void>;
}

type StoreReply = [outcome: number, rev: number, previousIndex: string];

export interface UnknownReference {
  index: number;
  field: 'orgId' | 'data.routingGroupId' | 'data.trunkId';
  value: string;
}

export interface EventRecorderOptions {
  redis: RedisConnection;
  names: PipelineNames;
  topology: TopologyIndex;
  queues: QueueRegistry;
  /** When the sweeper should pick a recorded key up if no worker has applied it by then. */
  sweepAfterMs: number;
  /** Test hook: runs after the desired states are stored and before their jobs are enqueued. */
  afterStore?: () => Promise<void> | void;
  now?: () => number;
}

/** The value pacing reads per agent: `groupId|trunkId|available|callCapacity`. */
function agentIndexValue(event: Extract<WfmEvent, { type: 'agent.capacity.updated' }>): string {
  const capacity = event.data.utilization.call?.maximumCapacity;
  return [
    event.data.routingGroupId,
    event.data.trunkId,
    event.data.available ? '1' : '0',
    capacity ?? '',
  ].join('|');
}

/**
 * Ingest's side of the pipeline: records desired state (one atomic Lua call per org, each key guarded by its
 * event order) and then enqueues one job per changed key. A crash between the two is covered by the due set
 * that the same Lua call fills (see Sweeper).
 */
export class EventRecorder {
  private readonly now: () => number;

  constructor(private readonly options: EventRecorderOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A recorder writing into the same Redis, namespace and queues as `ctx`. */
  static of(
    ctx: Pick<PipelineContext, 'redis' | 'names' | 'topology' | 'queues' | 'settings' | 'now'>,
    options: Pick<EventRecorderOptions, 'afterStore'> = {},
  ): EventRecorder {
    return new EventRecorder({
      redis: ctx.redis,
      names: ctx.names,
      topology: ctx.topology,
      queues: ctx.queues,
      sweepAfterMs: ctx.settings.sweepAfterMs,
      now: ctx.now,
      ...options,
    });
  }

  /** Events naming an org, routing group or trunk that the topology does not know. */
  unknownReferences(events: readonly WfmEvent[]): UnknownReference[] {
    const { topology } = this.options;
    const issues: UnknownReference[] = [];
    events.forEach((event, index) => {
      if (!topology.org(event.orgId)) {
        issues.push({ index, field: 'orgId', value: event.orgId });
        return;
      }
      if (event.type === 'agent.capacity.updated') {
        if (!topology.routingGroup(event.orgId, event.data.routingGroupId))
          issues.push({ index, field: 'data.routingGroupId', value: event.data.routingGroupId });
        if (!topology.trunk(event.orgId, event.data.trunkId))
          issues.push({ index, field: 'data.trunkId', value: event.data.trunkId });
      }
      if (event.type === 'trunk.status.changed' && !topology.trunk(event.orgId, event.data.trunkId))
        issues.push({ index, field: 'data.trunkId', value: event.data.trunkId });
    });
    return issues;
  }

  async record(events: readonly WfmEvent[], options: RecordOptions = {}): Promise<RecordResult> {
    const { redis, names, topology } = this.options;
    // The claim that still has to go out: with the first org's store, or first and alone on a cluster.
    let claim = options.claim;
    let claimed: ClaimOutcome | undefined;
    if (claim && isCluster(redis)) {
      claimed = await claimWebhookId(redis, claim);
      if (claimed !== 'claimed') return refused(claimed);
      claim = undefined;
    }
    const byOrg = new Map<string, { event: WfmEvent; position: number }[]>();
    events.forEach((event, position) => {
      const list = byOrg.get(event.orgId) ?? [];
      list.push({ event, position });
      byOrg.set(event.orgId, list);
    });

    // One store carrying the claim is the whole delivery: it marks the id done too.
    const doneWithStore = claim !== undefined && options.done !== undefined && byOrg.size === 1;
    const result: RecordResult = { accepted: 0, duplicates: 0, stale: 0, outcomes: [] };
    const outcomes: EventOutcome[] = new Array(events.length).fill('accepted');
    const work = new Map<string, KeyToEnqueue>();
    const now = this.now();
    for (const [orgId, orgEvents] of byOrg) {
      const keys = names.org(orgId);
      const stateKeys: string[] = [];
      // ARGV[3]: the number of traced events, 0 unless traceRecord passes links.
      const args: (string | number)[] = [now, now + this.options.sweepAfterMs, 0];
      const routed = orgEvents.map(({ event, position }) => {
        const key = keyOfEvent(event);
        const agent = event.type === 'agent.capacity.updated' ? event : undefined;
        const queue = queueForKey(topology, key, agent?.data.routingGroupId);
        const member = keyMember(key);
        // What pacing reads of the agent, sent to the store and compared with the value it replaces (once per event).
        const indexValue = agent ? agentIndexValue(agent) : '';
        if (event.type === 'schedule.agent.updated') {
          stateKeys.push(keys.scheduleAgentState(key.id, event.data.userId), keys.scheduleAgents(key.id));
        } else {
          stateKeys.push(keys.state(key.kind, key.id), keys.known);
        }
        args.push(
          member,
          event.sequence,
          Date.parse(event.occurredAt),
          event.id,
          JSON.stringify(event.data),
          queue,
          indexValue,
          agent ? key.id : '',
          event.type === 'schedule.agent.updated' ? event.data.userId : member,
        );
        return { event, key, member, queue, position, agent, indexValue };
      });
      const withClaim = claim;
      claim = undefined;
      // traceRecord: a span per event and, when sampled, its trace context kept with the key (tracing.ts).
      const replies = await traceRecord(routed, async (links) => {
        const storeKeys = [keys.due, keys.stats, keys.agentIndex, keys.known, ...stateKeys];
        let storeArgs = args;
        if (links.length > 0) {
          for (const { key } of links) storeKeys.push(keys.traceLinks(key.kind, key.id));
          storeArgs = [...args, ...linkArgs(links)];
          storeArgs[2] = links.length;
        }
        if (!withClaim) return (await storeEvents.run(redis, storeKeys, storeArgs)) as StoreReply[];
        const doneTtlS = doneWithStore ? (options.done?.ttlS ?? 0) : 0;
        const [outcome, ...stored] = (await claimAndStoreEvents.run(
          redis,
          [withClaim.key, ...storeKeys],
          [...withClaim.args, doneTtlS, ...storeArgs],
        )) as [unknown, ...StoreReply[]];
        claimed = claimOutcome(outcome);
        return stored;
      });
      if (claimed !== undefined && claimed !== 'claimed') return refused(claimed);
      replies.forEach(([outcome, , previousIndex], i) => {
        const { key, member, queue, position, agent, indexValue } = routed[i]!;
        outcomes[position] = outcome === 0 ? 'duplicate' : outcome < 0 ? 'stale' : 'accepted';
        if (outcome === 0) result.duplicates++;
        else if (outcome < 0) result.stale++;
        else {
          result.accepted++;
          work.set(`${key.orgId}\n${member}`, { key, queue });
          if (agent && previousIndex !== indexValue) {
            for (const campaign of this.campaignsToRepace(orgId, agent.data.routingGroupId, previousIndex))
              work.set(`${orgId}\n${keyMember(campaign.key)}`, campaign);
          }
        }
      });
    }
    result.outcomes = outcomes;
    if (claimed !== undefined) result.claim = claimed;
    await this.options.afterStore?.();
    await Promise.all([
      this.options.queues.enqueue(work.values()),
      doneWithStore ? undefined : options.done?.send(),
    ]);
    return result;
  }

  private campaignsToRepace(orgId: string, groupId: string, previousIndex: string): KeyToEnqueue[] {
    const { topology } = this.options;
    const org = topology.org(orgId);
    if (!org) return [];
    const groups = new Set([groupId]);
    const previousGroup = previousIndex.split('|')[0];
    if (previousGroup) groups.add(previousGroup);
    const campaigns: KeyToEnqueue[] = [];
    for (const g of groups) {
      for (const campaignId of topology.routingGroup(orgId, g)?.campaignIds ?? []) {
        const key: SyncKey = keyOfCampaign(orgId, campaignId);
        campaigns.push({ key, queue: orgQueueName(org.region, orgId) });
      }
    }
    return campaigns;
  }
}

/** A delivery whose webhook-id was not this one's to record: nothing stored. */
function refused(claim: Exclude<ClaimOutcome, 'claimed'>): RecordResult {
  return { accepted: 0, duplicates: 0, stale: 0, outcomes: [], claim };
}

/** The store's trace-link arguments (store-events.ts): per link its 1-based position and traceparent, then the bounds. */
function linkArgs(links: readonly TraceLink[]): (string | number)[] {
  return [
    ...links.flatMap(({ index, traceparent }) => [index + 1, traceparent]),
    TRACE_LINKS_PER_KEY,
    TRACE_LINKS_TTL_MS,
  ];
}
