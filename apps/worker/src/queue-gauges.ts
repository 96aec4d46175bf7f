import { genesysKeys } from '@wfm-sync/genesys-client';
import { gauge } from '@wfm-sync/observability';
import {
  deadLetterQueueName,
  ORG_HOLD_REASONS,
  type PipelineContext,
  queuesOfRegion,
} from '@wfm-sync/pipeline';
import type { Registry } from 'prom-client';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
/** Due keys looked at per org for the oldest pending age (lowest due time first): bounds the cost on a backlog. */
const PENDING_SAMPLE = 500;
/** Keys that wait on purpose (an unhealthy trunk, dry-run) are not backlog: they have their own gauges. */
const WAITING_ON_PURPOSE = new Set(['parked', 'planned', 'held']);

/** Gauges of what an operator alerts on, read from Redis (README: metrics catalog). */
export function createWorkerGauges(registry: Registry) {
  return {
    pendingKeys: gauge(registry, {
      name: 'wfm_sync_pending_keys',
      help: 'Keys whose desired state is not yet applied (the due set), parked and dry-run keys included.',
      labelNames: ['org'],
    }),
    oldestPendingAge: gauge(registry, {
      name: 'wfm_sync_oldest_pending_age_seconds',
      help: 'Age of the oldest desired change not yet applied (parked and dry-run keys left out); 0 when none.',
      labelNames: ['org'],
    }),
    parkedAgents: gauge(registry, {
      name: 'wfm_sync_parked_agents',
      help: 'Agents parked on an unhealthy trunk, waiting for it to recover.',
      labelNames: ['org', 'trunk'],
    }),
    deadLetters: gauge(registry, {
      name: 'wfm_sync_dead_letters',
      help: 'Keys in the dead-letter queue of a region, waiting for an operator to replay or purge them.',
      labelNames: ['region'],
    }),
    blockedSeconds: gauge(registry, {
      name: 'wfm_sync_genesys_blocked_seconds',
      help: 'Remaining time of the 429 block on an org (no request is sent until it passes); 0 when none.',
      labelNames: ['org'],
    }),
    orgHeld: gauge(registry, {
      name: 'wfm_sync_org_held',
      help: 'Whether nothing is sent to the org, by reason (paused, quota-spent, client-refused): 1 while held, else 0.',
      labelNames: ['org', 'reason'],
    }),
    orgHeldSeconds: gauge(registry, {
      name: 'wfm_sync_org_quota_spent_seconds',
      help: "Remaining time of the org's spent quota (a 429 with a Retry-After over 180 s); 0 when none.",
      labelNames: ['org'],
    }),
  };
}
export type WorkerGauges = ReturnType<typeof createWorkerGauges>;

/**
 * Samples the gauges of the worker's region (or all regions): job counts per queue, dead letters, and per org the
 * due set, parked agents and the 429 block. Each org's reads are one pipeline, because they share the org's slot.
 */
export async function sampleQueueGauges(
  ctx: PipelineContext,
  gauges: WorkerGauges,
  region: string,
): Promise<void> {
  for (const { region: name, queues } of queuesOfRegion(ctx.topology, region)) {
    for (const queue of queues) {
      const counts = await ctx.queues.get(queue).getJobCounts(...STATES);
      for (const state of STATES) ctx.metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
    }
    const letters = await ctx.queues.get(deadLetterQueueName(name)).getJobCounts('waiting');
    gauges.deadLetters.set({ region: name }, letters.waiting ?? 0);
    for (const org of ctx.topology.orgsInRegion(name)) await sampleOrg(ctx, gauges, org.id);
  }
}

async function sampleOrg(ctx: PipelineContext, gauges: WorkerGauges, orgId: string): Promise<void> {
  const keys = ctx.names.org(orgId);
  const trunkIds = ctx.topology.topology.trunks.filter((t) => t.orgId === orgId).map((t) => t.id);
  const reads = ctx.redis
    .pipeline()
    .zcard(keys.due)
    .zrange(keys.due, 0, PENDING_SAMPLE - 1)
    .get(genesysKeys(ctx.names.prefix, orgId).blockedUntil);
  for (const trunkId of trunkIds) reads.hlen(keys.parked(trunkId));
  const [due, members, blockedUntil, ...parked] = results(await reads.exec());

  const now = ctx.now();
  gauges.pendingKeys.set({ org: orgId }, Number(due));
  const holds = await ctx.holds.active(orgId);
  for (const reason of ORG_HOLD_REASONS)
    gauges.orgHeld.set({ org: orgId, reason }, holds.some((hold) => hold.reason === reason) ? 1 : 0);
  const quota = holds.find((hold) => hold.reason === 'quota-spent');
  gauges.orgHeldSeconds.set({ org: orgId }, Math.max(0, ((quota?.until ?? now) - now) / 1000));
  gauges.blockedSeconds.set({ org: orgId }, Math.max(0, (Number(blockedUntil ?? 0) - now) / 1000));
  trunkIds.forEach((trunk, i) => {
    gauges.parkedAgents.set({ org: orgId, trunk }, Number(parked[i] ?? 0));
  });

  let oldest = now;
  const dueMembers = members as string[];
  if (dueMembers.length > 0) {
    const states = ctx.redis.pipeline();
    for (const member of dueMembers) states.hmget(`${keys.base}:k:${member}`, 'updatedAt', 'status');
    for (const reply of results(await states.exec())) {
      const [updatedAt, status] = reply as (string | null)[];
      const at = Number(updatedAt);
      if (!Number.isFinite(at) || WAITING_ON_PURPOSE.has(status ?? '')) continue;
      oldest = Math.min(oldest, at);
    }
  }
  gauges.oldestPendingAge.set({ org: orgId }, Math.max(0, (now - oldest) / 1000));
}

function results(replies: [Error | null, unknown][] | null): unknown[] {
  return (replies ?? []).map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
