import { holdForFailure, type OrgHoldReason } from '@wfm-sync/domain';
import type { PipelineContext } from '../context.js';
import type { ClassifiedFailure } from './failure.js';

/** How often a refused client's credentials are tried again (one token fetch, by the org's trunk poll). */
export const CLIENT_RECHECK_MS = 30_000;

/**
 * Puts the org into the hold a failure calls for (a spent quota, a refused client); returns the reason, or
 * undefined when the failure is an ordinary one for the error policy.
 */
export async function holdOrgOnFailure(
  ctx: PipelineContext,
  orgId: string,
  failure: ClassifiedFailure,
): Promise<OrgHoldReason | undefined> {
  const reason = holdForFailure(failure);
  if (reason === undefined) return undefined;
  const now = ctx.now();
  const until = reason === 'quota-spent' ? now + (failure.retryAfterMs ?? 0) : undefined;
  const detail =
    reason === 'quota-spent'
      ? `Genesys answered 429 with Retry-After ${Math.round((failure.retryAfterMs ?? 0) / 1000)} s: quota spent until ${new Date(until ?? now).toISOString()}`
      : `the token endpoint refused the org's client (${[failure.status, failure.code].filter((part) => part !== undefined).join(' ')}); fix the credentials (a file: secret is read again on SIGHUP), re-checked every ${CLIENT_RECHECK_MS / 1000} s`;
  const added = await ctx.holds.hold(orgId, reason, detail, until);
  if (added)
    ctx.logger.warn(
      { org: orgId, hold: reason, until, detail },
      'org held: nothing is sent to it until the hold ends',
    );
  return reason;
}
