import { genesysKeys } from '@wfm-sync/genesys-client';
import { isDryRun } from '../context.js';
import type { OrgBudget } from './api.js';
import type { OperatorContext } from './context.js';
import { orgNotifications } from './org-notifications.js';

/**
 * Each org's Genesys budget as every process shares it (docs/decisions/003): requests let through in the current
 * minute, the budget in force (a lower one the server advertised wins), and a 429 block still running.
 */
export async function orgBudgets(ctx: OperatorContext, region?: string): Promise<OrgBudget[]> {
  const now = ctx.now();
  const minute = Math.floor(now / 60_000);
  const budgets: OrgBudget[] = [];
  for (const org of ctx.topology.topology.orgs) {
    if (region !== undefined && org.region !== region) continue;
    const keys = genesysKeys(ctx.names.prefix, org.id);
    // One slot ({orgId}): a single MGET also under Redis Cluster.
    const [used, blockedUntil, allowed] = await ctx.redis.mget(
      keys.usedInMinute(minute),
      keys.blockedUntil,
      keys.allowed,
    );
    const advertised = Number(allowed ?? 0);
    const blocked = Number(blockedUntil ?? 0);
    budgets.push({
      orgId: org.id,
      region: org.region,
      requestsPerMinute:
        advertised > 0 && advertised < org.requestsPerMinute ? advertised : org.requestsPerMinute,
      usedThisMinute: Number(used ?? 0),
      blockedUntil: blocked > now ? blocked : null,
      mode: isDryRun(ctx, org.id) ? 'dry-run' : 'live',
      holds: await ctx.holds.active(org.id),
      notifications: await orgNotifications(ctx, org.id),
    });
  }
  return budgets;
}
