import type { OrgHoldChange } from '@wfm-sync/pipeline';
import type { RouteDeps } from './deps.js';
import type { DeadLetterAction } from './params.js';

export type DeadLetterVerb = 'replay' | 'purge';

/** Replays or purges what the action names and logs who did it; returns how many dead letters it touched. */
export async function runDeadLetterAction(
  deps: Pick<RouteDeps, 'queries' | 'logger' | 'actions'>,
  verb: DeadLetterVerb,
  action: DeadLetterAction,
  actor: string,
): Promise<number> {
  const target = definedOnly(
    action.scope === 'key'
      ? {
          region: action.region,
          orgId: action.org,
          key: { orgId: action.org, kind: action.kind, id: action.id },
        }
      : { region: action.region, reason: action.reason, kind: action.kind, orgId: action.org },
  );
  const count =
    verb === 'replay'
      ? await deps.queries.replayDeadLetters(target, actor)
      : await deps.queries.purgeDeadLetters(target, actor);
  deps.actions.inc({ action: verb });
  deps.logger.info({ actor, action: verb, target, count }, `dashboard: ${verb} of dead letters`);
  return count;
}

/** Drops fields a form left empty, so the filter holds only what the operator chose. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

/** Pauses or resumes an org (decision 026) and logs who did it. */
export async function runOrgAction(
  deps: Pick<RouteDeps, 'queries' | 'logger' | 'actions'>,
  verb: 'pause' | 'resume',
  orgId: string,
  actor: string,
): Promise<OrgHoldChange> {
  const change =
    verb === 'pause' ? await deps.queries.pauseOrg(orgId, actor) : await deps.queries.resumeOrg(orgId, actor);
  deps.actions.inc({ action: `org-${verb}` });
  deps.logger.info(
    { actor, action: `org-${verb}`, org: orgId, woken: change.woken },
    `dashboard: ${verb} of an org`,
  );
  return change;
}
