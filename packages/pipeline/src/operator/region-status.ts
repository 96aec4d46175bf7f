import type { Region } from '@wfm-sync/config';
import { queuesOfRegion, trunksOfOrg } from '../ingest/routing.js';
import { deadLetterQueueName } from '../store/names.js';
import type { QueueCounts, RegionStatus } from './api.js';
import type { OperatorContext } from './context.js';
import { keyOfMember } from './org-keys.js';

/** Due keys looked at per org for the oldest pending age (lowest due time first): bounds the cost on a backlog. */
const PENDING_SAMPLE = 2_000;
/** Keys that wait on purpose (a trunk, dry-run) are not backlog. */
const WAITING_ON_PURPOSE = new Set(['parked', 'planned']);

/** Per region of the topology (or one region): job counts per queue, parked agents, dead letters, backlog age. */
export async function regionStatuses(ctx: OperatorContext, region?: string): Promise<RegionStatus[]> {
  const statuses: RegionStatus[] = [];
  for (const { region: name, queues } of queuesOfRegion(ctx.topology, region ?? 'all')) {
    const counts = await Promise.all(queues.map((queue) => queueCounts(ctx, queue)));
    const deadLetters = await ctx.queues.get(deadLetterQueueName(name)).getJobCounts('waiting');
    statuses.push({
      region: name,
      queues: counts,
      parkedAgents: await parkedAgents(ctx, name),
      deadLetters: deadLetters.waiting ?? 0,
      oldestPendingAgeMs: await oldestPendingAge(ctx, name),
    });
  }
  return statuses;
}

async function queueCounts(ctx: OperatorContext, name: string): Promise<QueueCounts> {
  const counts = await ctx.queues
    .get(name)
    .getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
  return {
    name,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}

async function parkedAgents(ctx: OperatorContext, region: Region): Promise<number> {
  let total = 0;
  for (const org of ctx.topology.orgsInRegion(region)) {
    const keys = ctx.names.org(org.id);
    for (const trunk of trunksOfOrg(ctx.topology, org.id))
      total += await ctx.redis.hlen(keys.parked(trunk.id));
  }
  return total;
}

/**
 * Age of the oldest desired change not yet applied, among the due keys of the region's orgs, from the time ingest
 * recorded the key's latest desired state (`updatedAt`). Parked and dry-run keys are left out: they wait on purpose
 * and have their own counts.
 */
async function oldestPendingAge(ctx: OperatorContext, region: Region): Promise<number | null> {
  let oldest: number | undefined;
  for (const org of ctx.topology.orgsInRegion(region)) {
    const keys = ctx.names.org(org.id);
    const members = await ctx.redis.zrange(keys.due, 0, PENDING_SAMPLE - 1);
    if (members.length === 0) continue;
    const pipeline = ctx.redis.pipeline();
    for (const member of members) {
      const key = keyOfMember(org.id, member);
      if (key) pipeline.hmget(keys.state(key.kind, key.id), 'updatedAt', 'rev', 'appliedRev', 'status');
    }
    for (const [error, reply] of (await pipeline.exec()) ?? []) {
      if (error) throw error;
      const [updatedAt, rev, appliedRev, status] = reply as (string | null)[];
      if (updatedAt === null || updatedAt === undefined || WAITING_ON_PURPOSE.has(status ?? '')) continue;
      if (Number(rev ?? 0) <= Number(appliedRev ?? 0)) continue;
      const at = Number(updatedAt);
      if (Number.isFinite(at) && (oldest === undefined || at < oldest)) oldest = at;
    }
  }
  return oldest === undefined ? null : Math.max(0, ctx.now() - oldest);
}
