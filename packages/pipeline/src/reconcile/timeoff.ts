import {
  type CurrentTimeOff,
  desiredTimeOffValues,
  extractTimeOffMarker,
  findMarkedTimeOff,
  type GenesysTimeOffStatus,
  isLiveTimeOff,
  keyLabel,
  type Plan,
  planTimeOff,
  type SyncKey,
  sameTimeOffValues,
  type TimeOffData,
  type TimeOffStatus,
  type TimeOffValues,
  timeOffDataSchema,
  timeOffOverlaps,
  timeOffPatchFields,
  timeOffValuesSchema,
} from '@wfm-sync/domain';
import {
  type AdminTimeOffRequestPatch,
  GenesysApiError,
  type GenesysClient,
  type TimeOffRequestListItem,
  type TimeOffRequestResponse,
} from '@wfm-sync/genesys-client';
import { LuaScript } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import { isDryRun, type PipelineContext } from '../context.js';
import type { KeyState } from '../store/key-state.js';
import { type Lease, LeaseLostError } from '../store/lease.js';
import { PermanentFailureError } from '../worker/failure.js';
import { recordPlanned } from './planned.js';
import { type KeyPlanner, noDesiredStatePlan, type ReconcileResult, type Reconciler } from './types.js';

/** Immediate re-read-and-re-apply rounds on a version conflict before the delayed retry of the error policy. */
export const TIME_OFF_VERSION_ROUNDS = 3;

/**
 * Stores the mapping externalId → Genesys request in the key's state hash, only while `token` holds the lease.
 * KEYS[1] state hash, KEYS[2] lease; ARGV[1] token, ARGV[2] request id, ARGV[3] user id, ARGV[4] management unit.
 * Returns 1 when stored, 0 when the lease was lost (the next run finds the request again by its marker).
 */
const STORE_MAPPING_LUA = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'genesysId', ARGV[2], 'genesysUserId', ARGV[3], 'genesysManagementUnitId', ARGV[4])
return 1
`;
const storeMapping = new LuaScript('store-timeoff-mapping', STORE_MAPPING_LUA);

const MAPPING_FIELDS = ['genesysId', 'genesysUserId', 'genesysManagementUnitId'] as const;

const timeOffMappingSchema = z.object({
  genesysId: z.string().min(1),
  userId: z.string().min(1),
  managementUnitId: z.string().min(1),
});
/** The Genesys request that mirrors one external id: its id and where it lives (both are in its path). */
export type TimeOffMapping = z.infer<typeof timeOffMappingSchema>;

/**
 * The client's `AdminTimeOffRequestPatch` follows the SDK enum (PENDING, APPROVED, DENIED), but wfm-events.md asks
 * for cancelling and gc-sim accepts CANCELED: widened here, and a refusal by a real org dead-letters visibly
 * (docs/decisions/010).
 */
type TimeOffPatch = Omit<AdminTimeOffRequestPatch, 'status'> & { status?: TimeOffStatus };

type TimeOffRequestLike = Pick<
  TimeOffRequestListItem,
  | 'id'
  | 'status'
  | 'activityCodeId'
  | 'fullDayManagementUnitDates'
  | 'partialDayStartDateTimes'
  | 'notes'
  | 'metadata'
> & { user?: { id: string } };

function currentOf(request: TimeOffRequestLike, fallbackUserId: string): CurrentTimeOff {
  return {
    id: request.id,
    userId: request.user?.id ?? fallbackUserId,
    status: request.status satisfies GenesysTimeOffStatus,
    activityCodeId: request.activityCodeId,
    fullDayManagementUnitDates: request.fullDayManagementUnitDates,
    partialDayStartDateTimes: request.partialDayStartDateTimes,
    notes: request.notes,
    version: request.metadata.version,
  };
}

function isGenesys(error: unknown, kind: GenesysApiError['kind']): error is GenesysApiError {
  return error instanceof GenesysApiError && error.kind === kind;
}

/** One reconcile of one external id: what it read and what it knows, passed between the steps. */
interface Run {
  key: SyncKey;
  lease: Lease;
  rev: number;
  data: TimeOffData;
  desired: TimeOffValues;
  lastApplied: TimeOffValues | undefined;
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
  constructor(private readonly ctx: PipelineContext) {}

  /**
   * Read-only plan for `wfm-sync plan`: reads the mapped request (or looks for ours by its marker) and plans
   * from what Genesys holds now, the way a run would; never trusts the last write, never writes.
   */
  async plan(key: SyncKey, state: KeyState): Promise<Plan> {
    if (state.desiredJson === undefined) return noDesiredStatePlan(key);
    const data = timeOffDataSchema.parse(JSON.parse(state.desiredJson));
    const lastApplied = this.lastApplied(key, state);
    const mapping = await this.loadMapping(key);
    const client = this.ctx.clientFor(key.orgId);
    let current: CurrentTimeOff | undefined;
    if (mapping) {
      current = currentOf(
        await client.getTimeOffRequest(mapping.managementUnitId, mapping.userId, mapping.genesysId),
        mapping.userId,
      );
    } else {
      const { entities } = await client.queryTimeOffRequests(data.managementUnitId, {
        userIds: [data.userId],
      });
      current = findMarkedTimeOff(
        key.id,
        entities.map((entity) => currentOf(entity, data.userId)),
      );
    }
    return planTimeOff({ orgId: key.orgId, desired: data, current, lastApplied });
  }

  async reconcile(key: SyncKey, state: KeyState, lease: Lease): Promise<ReconcileResult> {
    const rev = state.rev;
    if (state.desiredJson === undefined)
      return { outcome: 'noop', reason: 'no-desired-state', rev, again: false };
    const data = timeOffDataSchema.parse(JSON.parse(state.desiredJson));
    const desired = desiredTimeOffValues(data);
    const lastApplied = this.lastApplied(key, state);
    const mapping = await this.loadMapping(key);
    const run: Run = { key, lease, rev, data, desired, lastApplied, client: this.ctx.clientFor(key.orgId) };

    if (mapping) {
      if (mapping.userId !== data.userId || mapping.managementUnitId !== data.managementUnitId) {
        throw new PermanentFailureError(
          'timeoff-moved',
          `request ${mapping.genesysId} belongs to user ${mapping.userId} in ${mapping.managementUnitId}; ` +
            `Genesys cannot move it to user ${data.userId} in ${data.managementUnitId}`,
        );
      }
      const trusted =
        lastApplied !== undefined &&
        sameTimeOffValues(lastApplied, desired) &&
        (state.verifiedAt ?? 0) > this.ctx.now() - this.ctx.settings.driftCheckMs;
      if (trusted) {
        // What wfm-sync last wrote is still fresh: an equal desired state costs no call.
        const inStep: Plan = {
          key,
          reason: 'in-step',
          detail: `request ${mapping.genesysId}, as last written`,
          changes: [],
          calls: [],
        };
        return this.commitNoop(run, inStep, false, 'in-step');
      }
      const current = currentOf(
        await run.client.getTimeOffRequest(mapping.managementUnitId, mapping.userId, mapping.genesysId),
        mapping.userId,
      );
      return this.update(run, current);
    }

    const requests = await this.queryUserRequests(run);
    const ours = findMarkedTimeOff(key.id, requests);
    if (ours) return this.adopt(run, ours, 'found by its marker before creating');

    const plan = planTimeOff({ orgId: key.orgId, desired: data, lastApplied });
    if (plan.calls.length === 0) return this.commitNoop(run, plan, true, 'nothing-to-cancel');
    if (isDryRun(this.ctx, key.orgId)) return recordPlanned(this.ctx, key, lease, plan, rev);
    return this.create(run, plan, requests);
  }

  private async create(run: Run, plan: Plan, requests: CurrentTimeOff[]): Promise<ReconcileResult> {
    const { key, data, desired } = run;
    if (desired.status === 'CANCELED') throw new Error('a CANCELED time-off is never created');
    // An overlap seen in the query just made would only earn a 409: decide without sending.
    if (timeOffOverlaps(key.id, data.userId, desired.fullDayManagementUnitDates, requests).length > 0)
      throw this.overlapFailure(run, requests, undefined);

    const deadline = await run.lease.extendForWrite();
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
      const fresh = await this.queryUserRequests(run);
      const ours = findMarkedTimeOff(key.id, fresh);
      if (ours) return this.adopt(run, ours, 'found by its marker after a duplicate 409');
      throw this.overlapFailure(run, fresh, error);
    }
    this.ctx.settings.testHooks?.afterTimeOffCreate?.(key);
    if (!created) throw new Error(`create for ${keyLabel(key)} answered no request for user ${data.userId}`);
    await this.storeMapping(run, {
      genesysId: created.id,
      userId: data.userId,
      managementUnitId: data.managementUnitId,
    });
    const finalPlan: Plan = { ...plan, detail: `created request ${created.id}` };
    return this.commitApplied(run, finalPlan);
  }

  private async adopt(run: Run, found: CurrentTimeOff, how: string): Promise<ReconcileResult> {
    await this.storeMapping(run, {
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
      if (plan.calls.length === 0)
        return this.commitNoop(run, plan, true, run.adoptedFrom ? 'adopted' : plan.reason);
      if (isDryRun(this.ctx, key.orgId)) return recordPlanned(this.ctx, key, run.lease, plan, run.rev);
      const patch: TimeOffPatch = {
        ...timeOffPatchFields(desired, plan.changes),
        metadata: { version: current.version },
      };
      try {
        const deadline = await run.lease.extendForWrite();
        await run.client.patchTimeOffRequest(
          data.managementUnitId,
          data.userId,
          current.id,
          // See TimeOffPatch: CANCELED is the one value the client's model lacks.
          patch as AdminTimeOffRequestPatch,
          { deadline },
        );
        return this.commitApplied(run, plan);
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
          throw this.overlapFailure(run, await this.queryUserRequests(run), error);
        throw error;
      }
    }
  }

  /**
   * Why a request cannot take the desired days. Someone else's request (no marker) is never touched: dead letter.
   * Another WFM record's request may be about to move away (its own event pending): retried later like a conflict.
   */
  private overlapFailure(run: Run, requests: CurrentTimeOff[], cause: GenesysApiError | undefined): Error {
    const { key, data, desired } = run;
    const overlaps = timeOffOverlaps(key.id, data.userId, desired.fullDayManagementUnitDates, requests);
    // Genesys said the days are taken but no other WFM record's request is a candidate: the blocker is a live
    // request without a marker whose days cannot be placed exactly here (partial days, the unit's time zone).
    const unmarked =
      cause && overlaps.length === 0
        ? requests.find((r) => isLiveTimeOff(r.status) && extractTimeOffMarker(r.notes) === undefined)
        : undefined;
    const foreign = overlaps.find((o) => o.owner === 'foreign')?.request ?? unmarked;
    if (foreign) {
      return new PermanentFailureError(
        'overlaps-foreign-request',
        `the days of ${keyLabel(key)} overlap request ${foreign.id} (${foreign.status}) of user ` +
          `${data.userId}, which wfm-sync did not create; it is left untouched`,
        cause,
      );
    }
    const other = overlaps[0];
    const message = other
      ? `the days of ${keyLabel(key)} overlap request ${other.request.id} of external id ${other.externalId}; retrying after it moves`
      : `Genesys reported an overlap for ${keyLabel(key)} that a fresh query no longer shows; retrying`;
    return new GenesysApiError(
      {
        kind: 'conflict',
        status: cause?.status ?? 409,
        code: cause?.code,
        genesysMessage: cause?.genesysMessage,
        correlationId: cause?.correlationId,
        method: cause?.method ?? 'POST',
        route: cause?.route ?? 'timeoffrequests',
      },
      message,
    );
  }

  /** What wfm-sync last confirmed; an unreadable record only costs a read, so it counts as none. */
  private lastApplied(key: SyncKey, state: KeyState): TimeOffValues | undefined {
    if (state.appliedJson === undefined) return undefined;
    const parsed = timeOffValuesSchema.safeParse(JSON.parse(state.appliedJson));
    if (parsed.success) return parsed.data;
    this.ctx.logger.warn({ key: keyLabel(key), err: parsed.error }, 'unreadable applied time-off value');
    return undefined;
  }

  private async queryUserRequests(run: Run): Promise<CurrentTimeOff[]> {
    const { entities } = await run.client.queryTimeOffRequests(run.data.managementUnitId, {
      userIds: [run.data.userId],
    });
    return entities.map((entity) => currentOf(entity, run.data.userId));
  }

  private async loadMapping(key: SyncKey): Promise<TimeOffMapping | undefined> {
    const [genesysId, userId, managementUnitId] = await this.ctx.redis.hmget(
      this.ctx.names.stateKey(key),
      ...MAPPING_FIELDS,
    );
    if (!genesysId && !userId && !managementUnitId) return undefined;
    return timeOffMappingSchema.parse({ genesysId, userId, managementUnitId });
  }

  private async storeMapping(run: Run, mapping: TimeOffMapping): Promise<void> {
    const keys = this.ctx.names.org(run.key.orgId);
    const stored = await storeMapping.runNumber(
      this.ctx.redis,
      [keys.state(run.key.kind, run.key.id), keys.lease(run.key.kind, run.key.id)],
      [run.lease.token, mapping.genesysId, mapping.userId, mapping.managementUnitId],
    );
    if (stored !== 1) throw new LeaseLostError(run.key);
  }

  private async commitApplied(run: Run, plan: Plan): Promise<ReconcileResult> {
    const latest = await this.ctx.state.commit(
      run.key,
      run.lease.token,
      { rev: run.rev, appliedJson: JSON.stringify(run.desired), status: 'applied', verified: true, plan },
      this.ctx.now(),
    );
    if (latest === undefined) throw new LeaseLostError(run.key);
    return {
      outcome: 'applied',
      reason: plan.reason,
      detail: plan.detail,
      plan,
      rev: run.rev,
      again: latest > run.rev,
    };
  }

  /** `verified`: Genesys was read in this run and matched; `nothing-to-cancel` records no applied value. */
  private async commitNoop(
    run: Run,
    plan: Plan,
    verified: boolean,
    reason: string,
  ): Promise<ReconcileResult> {
    const appliedJson = reason === 'nothing-to-cancel' ? undefined : JSON.stringify(run.desired);
    const latest = await this.ctx.state.commit(
      run.key,
      run.lease.token,
      { rev: run.rev, appliedJson, status: 'noop', verified, plan },
      this.ctx.now(),
    );
    if (latest === undefined) throw new LeaseLostError(run.key);
    return { outcome: 'noop', reason, detail: plan.detail, plan, rev: run.rev, again: latest > run.rev };
  }
}
