import {
  type CurrentTimeOff,
  desiredTimeOffValues,
  findMarkedTimeOff,
  keyLabel,
  type Plan,
  planTimeOff,
  type SyncKey,
  sameTimeOffValues,
  type TimeOffData,
  type TimeOffValues,
  timeOffDataSchema,
  timeOffOverlaps,
  timeOffPatchFields,
  timeOffValuesSchema,
} from '@wfm-sync/domain';
import type {
  AdminTimeOffRequestPatch,
  GenesysClient,
  TimeOffRequestResponse,
} from '@wfm-sync/genesys-client';
import type { PipelineContext } from '../../context.js';
import { PermanentFailureError } from '../../errors/permanent-failure.js';
import type { KeyState } from '../../store/key-state.js';
import type { Lease } from '../../store/lease.js';
import { type TimeOffMapping, TimeOffMappingStore } from '../../store/timeoff-mappings.js';
import { act, commitRun, lastWriteTrusted, sendOneWrite } from '../spine.js';
import {
  type KeyPlanner,
  noDesiredStatePlan,
  type PlanOptions,
  type ReconcileResult,
  type Reconciler,
} from '../types.js';
import { overlapFailure } from './overlap.js';
import { currentOf, isGenesys, queryUserRequests, type TimeOffPatch } from './requests.js';

/** Immediate re-read-and-re-apply rounds on a version conflict before the delayed retry of the error policy. */
export const TIME_OFF_VERSION_ROUNDS = 3;

/** The desired state of one external id and what wfm-sync last confirmed of it. */
interface Desired {
  data: TimeOffData;
  desired: TimeOffValues;
  lastApplied: TimeOffValues | undefined;
}

/** What a read found, with the plan over it; `plan` and `reconcile` both start here. */
type TimeOffReading = Desired & { plan: Plan } & (
    | { found: 'trusted' }
    | { found: 'mapped'; current: CurrentTimeOff }
    | { found: 'marked'; current: CurrentTimeOff }
    | { found: 'none'; requests: CurrentTimeOff[] }
  );

/** One reconcile of one external id: what it read and what it knows, passed between the steps. */
interface Run extends Desired {
  key: SyncKey;
  lease: Lease;
  rev: number;
  client: GenesysClient;
  /** Set when the request was found by its marker during this run (for the decision's detail). */
  adoptedFrom?: string;
}

/**
 * Time-off, exactly once per external id (docs/decisions/010). The Genesys API has no idempotency key, so:
 *   - the request wfm-sync creates carries the external id's marker in `notes`, and its id is stored in the key's
 *     state hash (fenced by the lease) right after the create returns;
 *   - with no stored id, the user's requests in the management unit are queried and the marked one adopted before
 *     anything is created, so a create whose answer was lost (timeout, reset, a worker killed before storing the id)
 *     is found, never repeated;
 *   - an existing request is read, compared and PATCHed in only the differing fields at its current version; a
 *     version conflict (an administrator's re-save) re-reads and re-applies, so values and marker survive.
 */
export class TimeOffReconciler implements Reconciler, KeyPlanner {
  private readonly mappings: TimeOffMappingStore;

  constructor(private readonly ctx: PipelineContext) {
    this.mappings = new TimeOffMappingStore(ctx.redis, ctx.names);
  }

  async plan(key: SyncKey, state: KeyState, options: PlanOptions = {}): Promise<Plan> {
    const reading = await this.read(key, state, this.ctx.now(), options);
    return reading?.plan ?? noDesiredStatePlan(key);
  }

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const rev = state.rev;
    const reading = await this.read(key, state, this.ctx.now(), {});
    if (reading === undefined) return { outcome: 'noop', reason: 'no-desired-state', rev, again: false };
    const { data, desired, lastApplied, plan } = reading;
    const run: Run = { key, lease, rev, data, desired, lastApplied, client: this.ctx.clientFor(key.orgId) };
    switch (reading.found) {
      case 'trusted':
        return this.commitNoop(run, plan, false, 'in-step');
      case 'mapped':
        return this.update(run, reading.current);
      case 'marked':
        return this.adopt(run, reading.current, 'found by its marker before creating');
      case 'none':
        return act(this.ctx, key, lease, plan, rev, {
          noop: () => this.commitNoop(run, plan, true, 'nothing-to-cancel'),
          write: (deadline) => this.create(run, plan, reading.requests, deadline),
        });
    }
  }

  /**
   * Reads the mapped request (unless what wfm-sync last wrote is trusted and equal), or looks for ours by its
   * marker, and plans; writes nothing. A request mapped to another user or unit cannot be moved: a permanent failure.
   */
  private async read(
    key: SyncKey,
    state: KeyState,
    now: number,
    options: PlanOptions,
  ): Promise<TimeOffReading | undefined> {
    if (state.desiredJson === undefined) return undefined;
    const data = timeOffDataSchema.parse(JSON.parse(state.desiredJson));
    const desired = desiredTimeOffValues(data);
    const lastApplied = this.lastApplied(key, state);
    const base = { data, desired, lastApplied };
    const planOver = (current: CurrentTimeOff | undefined) =>
      planTimeOff({ orgId: key.orgId, desired: data, current, lastApplied });
    const client = this.ctx.clientFor(key.orgId);
    const mapping = await this.mappings.load(key);
    if (!mapping) {
      const requests = await queryUserRequests(client, data);
      const ours = findMarkedTimeOff(key.id, requests);
      if (ours) return { ...base, found: 'marked', current: ours, plan: planOver(ours) };
      return { ...base, found: 'none', requests, plan: planOver(undefined) };
    }
    assertNotMoved(mapping, data);
    const unchanged = lastApplied !== undefined && sameTimeOffValues(lastApplied, desired);
    if (unchanged && lastWriteTrusted(this.ctx, state, now, options)) {
      // What wfm-sync last wrote is still fresh: an equal desired state costs no call.
      const detail = `request ${mapping.genesysId}, as last written`;
      return { ...base, found: 'trusted', plan: { key, reason: 'in-step', detail, changes: [], calls: [] } };
    }
    const current = currentOf(
      await client.getTimeOffRequest(mapping.managementUnitId, mapping.userId, mapping.genesysId),
      mapping.userId,
    );
    return { ...base, found: 'mapped', current, plan: planOver(current) };
  }

  private async create(
    run: Run,
    plan: Plan,
    requests: CurrentTimeOff[],
    deadline: number,
  ): Promise<ReconcileResult> {
    const { key, data, desired } = run;
    if (desired.status === 'CANCELED') throw new Error('a CANCELED time-off is never created');
    // An overlap seen in the query just made would only earn a 409: decide without sending.
    if (timeOffOverlaps(key.id, data.userId, desired.fullDayManagementUnitDates, requests).length > 0)
      throw overlapFailure(key, data, requests, undefined);

    let created: TimeOffRequestResponse | undefined;
    try {
      const answer = await run.client.createTimeOffRequests(
        data.managementUnitId,
        {
          status: desired.status,
          users: [{ id: data.userId }],
          activityCodeId: desired.activityCodeId,
          fullDayManagementUnitDates: desired.fullDayManagementUnitDates,
          notes: desired.notes,
        },
        { deadline },
      );
      created = answer.timeOffRequests.find((r) => (r.user?.id ?? data.userId) === data.userId);
    } catch (error) {
      if (!isGenesys(error, 'duplicate')) throw error;
      // Ours (created by a run whose answer was lost) is adopted; anyone else's is left alone.
      const fresh = await queryUserRequests(run.client, data);
      const ours = findMarkedTimeOff(key.id, fresh);
      if (ours) return this.adopt(run, ours, 'found by its marker after a duplicate 409');
      throw overlapFailure(key, data, fresh, error);
    }
    this.ctx.settings.testHooks?.afterTimeOffCreate?.(key);
    if (!created) throw new Error(`create for ${keyLabel(key)} answered no request for user ${data.userId}`);
    await this.mappings.store(key, run.lease.token, {
      genesysId: created.id,
      userId: data.userId,
      managementUnitId: data.managementUnitId,
    });
    const finalPlan: Plan = { ...plan, detail: `created request ${created.id}` };
    return this.commitApplied(run, finalPlan);
  }

  private async adopt(run: Run, found: CurrentTimeOff, how: string): Promise<ReconcileResult> {
    await this.mappings.store(run.key, run.lease.token, {
      genesysId: found.id,
      userId: run.data.userId,
      managementUnitId: run.data.managementUnitId,
    });
    this.ctx.logger.info(
      { key: keyLabel(run.key), request: found.id, status: found.status },
      'time-off request adopted',
    );
    run.adoptedFrom = `adopted request ${found.id} (${how})`;
    return this.update(run, found);
  }

  /** Compare and PATCH only what differs, at the current version; re-read on a version conflict (bounded). */
  private async update(run: Run, initial: CurrentTimeOff): Promise<ReconcileResult> {
    const { key, data, desired } = run;
    let current = initial;
    for (let round = 1; ; round++) {
      const plan = planTimeOff({ orgId: key.orgId, desired: data, current, lastApplied: run.lastApplied });
      if (run.adoptedFrom) plan.detail = `${run.adoptedFrom}; ${plan.detail ?? ''}`;
      const patch: TimeOffPatch = {
        ...timeOffPatchFields(desired, plan.changes),
        metadata: { version: current.version },
      };
      const target = current;
      try {
        return await act(this.ctx, key, run.lease, plan, run.rev, {
          noop: () => this.commitNoop(run, plan, true, run.adoptedFrom ? 'adopted' : plan.reason),
          write: async (deadline) => {
            await sendOneWrite(run.lease, () =>
              run.client.patchTimeOffRequest(
                data.managementUnitId,
                data.userId,
                target.id,
                // See TimeOffPatch: CANCELED is the one value the client's model lacks.
                patch as AdminTimeOffRequestPatch,
                { deadline },
              ),
            );
            return this.commitApplied(run, plan);
          },
        });
      } catch (error) {
        if (isGenesys(error, 'version-conflict') && round < TIME_OFF_VERSION_ROUNDS) {
          this.ctx.logger.debug({ key: keyLabel(key), round }, 'time-off version conflict: re-reading');
          current = currentOf(
            await run.client.getTimeOffRequest(data.managementUnitId, data.userId, current.id),
            data.userId,
          );
          continue;
        }
        if (isGenesys(error, 'invalid') && patch.status !== undefined) {
          throw new PermanentFailureError(
            'transition-refused',
            `Genesys refused ${current.status} → ${patch.status} for request ${current.id}: ${error.genesysMessage ?? error.message}`,
            error,
          );
        }
        if (isGenesys(error, 'duplicate'))
          throw overlapFailure(key, data, await queryUserRequests(run.client, data), error);
        throw error;
      }
    }
  }

  /** What wfm-sync last confirmed; an unreadable record only costs a read, so it counts as none. */
  private lastApplied(key: SyncKey, state: KeyState): TimeOffValues | undefined {
    if (state.appliedJson === undefined) return undefined;
    const parsed = timeOffValuesSchema.safeParse(JSON.parse(state.appliedJson));
    if (parsed.success) return parsed.data;
    this.ctx.logger.warn({ key: keyLabel(key), err: parsed.error }, 'unreadable applied time-off value');
    return undefined;
  }

  private commitApplied(run: Run, plan: Plan): Promise<ReconcileResult> {
    const appliedJson = JSON.stringify(run.desired);
    return commitRun(this.ctx, run.key, run.lease, {
      rev: run.rev,
      appliedJson,
      status: 'applied',
      verified: true,
      plan,
    });
  }

  /** `verified`: Genesys was read in this run and matched; `nothing-to-cancel` records no applied value. */
  private commitNoop(run: Run, plan: Plan, verified: boolean, reason: string): Promise<ReconcileResult> {
    const appliedJson = reason === 'nothing-to-cancel' ? undefined : JSON.stringify(run.desired);
    return commitRun(
      this.ctx,
      run.key,
      run.lease,
      { rev: run.rev, appliedJson, status: 'noop', verified, plan },
      { reason },
    );
  }
}

/** Genesys cannot move a request to another user or unit: the external id's record changed what it is about. */
function assertNotMoved(mapping: TimeOffMapping, data: TimeOffData): void {
  if (mapping.userId === data.userId && mapping.managementUnitId === data.managementUnitId) return;
  throw new PermanentFailureError(
    'timeoff-moved',
    `request ${mapping.genesysId} belongs to user ${mapping.userId} in ${mapping.managementUnitId}; ` +
      `Genesys cannot move it to user ${data.userId} in ${data.managementUnitId}`,
  );
}
