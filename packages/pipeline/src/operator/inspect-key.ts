import type { Plan, SyncKey } from '@wfm-sync/domain';
import { type DeadLetter, deadLetterJobId, deadLetterSchema } from '../store/dead-letters.js';
import { deadLetterQueueName } from '../store/names.js';
import type { KeyInspection } from './api.js';
import type { OperatorContext } from './context.js';
import { campaignDesiredLines } from './pacing-views.js';

/** Everything recorded about one key; undefined when the pipeline has never seen it. */
export async function inspectKey(ctx: OperatorContext, key: SyncKey): Promise<KeyInspection | undefined> {
  const org = ctx.topology.org(key.orgId);
  if (!org) return undefined;
  const state = await ctx.state.load(key);
  const trail = await ctx.trail.read(key);
  const deadLetter = await deadLetterOf(ctx, org.region, key);
  const desired = await desiredOf(ctx, key, state.desiredJson);
  const seen =
    state.desiredJson !== undefined ||
    state.status !== undefined ||
    trail.length > 0 ||
    deadLetter !== null ||
    (await ctx.redis.sismember(ctx.names.org(key.orgId).known, `${key.kind}:${key.id}`)) === 1;
  if (!seen && !(key.kind === 'campaign' && desired !== null)) return undefined;
  return {
    key,
    queue: state.queue ?? null,
    desired,
    status: state.status ?? null,
    reason: state.reason ?? null,
    rev: state.rev,
    appliedRev: state.appliedRev,
    applied: state.appliedJson === undefined ? null : (JSON.parse(state.appliedJson) as unknown),
    appliedAt: state.appliedAt ?? null,
    verifiedAt: state.verifiedAt ?? null,
    plan: state.planJson === undefined ? null : (JSON.parse(state.planJson) as Plan),
    trail,
    deadLetter: deadLetter === null ? null : { ...deadLetter, region: org.region },
  };
}

/**
 * The desired state as the reconciler sees it: the event data; for a schedule, every agent's (ordered per agent);
 * for a campaign, its share of the group's lines from the agents and the trunk health last seen (no Genesys read).
 */
async function desiredOf(
  ctx: OperatorContext,
  key: SyncKey,
  desiredJson: string | undefined,
): Promise<unknown> {
  if (desiredJson !== undefined) return JSON.parse(desiredJson) as unknown;
  if (key.kind === 'campaign') {
    const lines = await campaignDesiredLines(ctx, key.orgId, key.id);
    return lines === undefined ? null : { outboundLineCount: lines };
  }
  if (key.kind === 'schedule') {
    const keys = ctx.names.org(key.orgId);
    const userIds = (await ctx.redis.smembers(keys.scheduleAgents(key.id))).sort();
    if (userIds.length === 0) return null;
    const agents: Record<string, unknown> = {};
    for (const userId of userIds) {
      const json = await ctx.redis.hget(keys.scheduleAgentState(key.id, userId), 'desired');
      agents[userId] = json === null ? null : (JSON.parse(json) as unknown);
    }
    return { agents };
  }
  return null;
}

async function deadLetterOf(ctx: OperatorContext, region: string, key: SyncKey): Promise<DeadLetter | null> {
  const job = await ctx.queues.get(deadLetterQueueName(region)).getJob(deadLetterJobId(key));
  if (!job) return null;
  const parsed = deadLetterSchema.safeParse(job.data);
  if (!parsed.success) {
    ctx.logger.warn(
      { key: `${key.kind}:${key.id}`, issues: parsed.error.issues.length },
      'unreadable dead letter',
    );
    return null;
  }
  return parsed.data;
}
