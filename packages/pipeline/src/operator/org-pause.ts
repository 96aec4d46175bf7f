import { genesysKeys } from '@wfm-sync/genesys-client';
import type { OrgHoldChange } from './api.js';
import type { OperatorContext } from './context.js';

/**
 * Pauses an org (docs/decisions/026): a hold every worker reads before each job. Jobs already sending finish;
 * every later job of the org records its key as held (in its trail) and ends without a Genesys call.
 */
export async function pauseOrg(ctx: OperatorContext, orgId: string, actor: string): Promise<OrgHoldChange> {
  if (!ctx.topology.org(orgId)) throw new Error(`org ${orgId} is not in the topology`);
  const changed = await ctx.holds.hold(orgId, 'paused', `paused by ${actor}`);
  ctx.logger.info({ actor, action: 'org-pause', org: orgId, changed }, 'org paused');
  return { orgId, action: 'pause', changed, woken: 0, holds: await ctx.holds.active(orgId) };
}

/**
 * Lifts the pause; the keys held back are due at once (the sweeper enqueues them) unless another hold remains.
 * `quota`: also lift a spent quota and the org's 429 block (Genesys raised or reset the quota before Retry-After).
 */
export async function resumeOrg(
  ctx: OperatorContext,
  orgId: string,
  actor: string,
  options: { quota?: boolean } = {},
): Promise<OrgHoldChange> {
  if (!ctx.topology.org(orgId)) throw new Error(`org ${orgId} is not in the topology`);
  const lifted = options.quota ? (['quota-spent', 'paused'] as const) : (['paused'] as const);
  const changed = (await ctx.holds.all(orgId)).some((hold) =>
    (lifted as readonly string[]).includes(hold.reason),
  );
  if (options.quota) {
    await ctx.holds.lift(orgId, 'quota-spent');
    await ctx.redis.del(genesysKeys(ctx.names.prefix, orgId).blockedUntil);
  }
  const woken = await ctx.holds.lift(orgId, 'paused');
  ctx.logger.info({ actor, action: 'org-resume', org: orgId, changed, woken }, 'org resumed');
  return { orgId, action: 'resume', changed, woken, holds: await ctx.holds.active(orgId) };
}
