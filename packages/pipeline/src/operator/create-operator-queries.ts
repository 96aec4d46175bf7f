import type { OperatorQueries } from './api.js';
import type { OperatorContext } from './context.js';
import { listDeadLetters, purgeDeadLetters, replayDeadLetters } from './dead-letter-admin.js';
import { findKeys } from './find-keys.js';
import { inspectKey } from './inspect-key.js';
import { orgBudgets } from './org-budgets.js';
import { pauseOrg, resumeOrg } from './org-pause.js';
import { pacingViews } from './pacing-views.js';
import { regionStatuses } from './region-status.js';
import { resetKeyOrdering } from './reset-ordering.js';
import { resyncOrg } from './resync.js';
import { trunkViews } from './trunk-views.js';

/** The operator interface (CLI, dashboard) over a pipeline context; it never calls Genesys. */
export function createOperatorQueries(ctx: OperatorContext): OperatorQueries {
  return {
    status: async (region) => ({
      regions: await regionStatuses(ctx, region),
      orgs: await orgBudgets(ctx, region),
    }),
    inspect: (key) => inspectKey(ctx, key),
    findKeys: (orgId, search, options) => findKeys(ctx, orgId, search, options),
    trunks: (region) => trunkViews(ctx, region),
    pacing: (orgId) => pacingViews(ctx, orgId),
    deadLetters: (filter) => listDeadLetters(ctx, filter),
    replayDeadLetters: (filter, actor) => replayDeadLetters(ctx, filter, actor),
    purgeDeadLetters: (filter, actor) => purgeDeadLetters(ctx, filter, actor),
    resync: (orgId, options) => resyncOrg(ctx, orgId, options),
    resetKeyOrdering: (key, actor) => resetKeyOrdering(ctx, key, actor),
    pauseOrg: (orgId, actor) => pauseOrg(ctx, orgId, actor),
    resumeOrg: (orgId, actor, options) => resumeOrg(ctx, orgId, actor, options),
  };
}
