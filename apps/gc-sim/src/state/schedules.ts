import { badRequest, notFound, versionConflict } from '../errors.js';
import type { FixtureOrg } from '../fixture/schema.js';
import type { AgentSchedulesQuery, ScheduleShiftUpload, UpdateScheduleUpload } from './schedule-schema.js';

const DAY_MS = 86_400_000;
const UPLOAD_TTL_MS = 60 * 60 * 1000;
const FINISHED_OPERATIONS_KEPT = 1_000;

export interface StoredShift {
  id: string;
  startDate: string;
  lengthMinutes: number;
  activities: Array<Record<string, unknown>>;
  manuallyEdited: boolean;
}

export interface AgentScheduleState {
  userId: string;
  managementUnitId: string;
  version: number;
  dateModified: string;
  shifts: StoredShift[];
  fullDayTimeOffMarkers: Array<Record<string, unknown>>;
}

interface ScheduleState {
  buId: string;
  weekId: string;
  scheduleId: string;
  version: number;
  dateModified: string;
  description: string;
  published: boolean;
  agents: Map<string, AgentScheduleState>;
  /** Update operations of this schedule still "Processing". */
  processing: Set<string>;
}

interface UploadSlot {
  key: string;
  scheduleKey: string;
  contentLengthBytes: number;
  createdAt: number;
  payload: UpdateScheduleUpload | undefined;
  consumed: boolean;
}

export type OperationStatus = 'Processing' | 'Complete' | 'Error';

export interface ScheduleOperation {
  operationId: string;
  scheduleKey: string;
  status: OperationStatus;
  startedAt: number;
  finishedAt?: number;
  /** Why an operation ended in "Error". */
  error?: string;
}

export interface StartedUpdate {
  operation: ScheduleOperation;
  /** Other operations of the same schedule that were still Processing when this one started. */
  concurrentWith: string[];
  /** Agent schedules in the upload. */
  agents: number;
}

/** How a stale update fails, decided per update by the simulator (fault profile and PRNG). */
export type StaleFailure = 'immediate409' | 'asyncError';

export function scheduleKey(buId: string, weekId: string, scheduleId: string): string {
  return `${buId}/${weekId}/${scheduleId}`;
}

/** WFM schedules of one org: versioned schedule and agent schedules, three-step asynchronous updates. */
export class ScheduleStore {
  private readonly schedules = new Map<string, ScheduleState>();
  private readonly uploads = new Map<string, UploadSlot>();
  private readonly operations = new Map<string, ScheduleOperation>();
  /** Payloads of Processing operations, applied when they complete unless already doomed (stale at start). */
  private readonly pending = new Map<string, { payload: UpdateScheduleUpload; doomed: string | undefined }>();
  private readonly businessUnitOfMu = new Map<string, string>();
  private readonly managementUnitOfUser = new Map<string, string>();
  private readonly timeZones = new Map<string, string>();
  private readonly activityCodeIds: ReadonlySet<string>;

  constructor(org: FixtureOrg, startedAt: number) {
    const stamp = new Date(startedAt).toISOString();
    this.activityCodeIds = new Set(org.activityCodeIds);
    for (const mu of org.managementUnits) this.businessUnitOfMu.set(mu.id, mu.businessUnitId);
    for (const agent of org.agents) this.managementUnitOfUser.set(agent.id, agent.managementUnitId);
    const workCode = org.activityCodeIds[0] as string;
    for (const bu of org.businessUnits) {
      this.timeZones.set(bu.id, bu.timeZone ?? 'UTC');
      for (const { weekId, scheduleId } of bu.schedules) {
        const agents = new Map<string, AgentScheduleState>();
        for (const agent of org.agents) {
          if (this.businessUnitOfMu.get(agent.managementUnitId) !== bu.id) continue;
          agents.set(agent.id, {
            userId: agent.id,
            managementUnitId: agent.managementUnitId,
            version: 1,
            dateModified: stamp,
            shifts: defaultWeek(agent.id, weekId, workCode),
            fullDayTimeOffMarkers: [],
          });
        }
        this.schedules.set(scheduleKey(bu.id, weekId, scheduleId), {
          buId: bu.id,
          weekId,
          scheduleId,
          version: 1,
          dateModified: stamp,
          description: `Schedule for the week of ${weekId}`,
          published: true,
          agents,
          processing: new Set(),
        });
      }
    }
  }

  has(buId: string, weekId: string, scheduleId: string): boolean {
    return this.schedules.has(scheduleKey(buId, weekId, scheduleId));
  }

  /** SDK model `BuScheduleMetadata`. */
  metadata(buId: string, weekId: string, scheduleId: string, expandAgents: boolean): Record<string, unknown> {
    const schedule = this.require(buId, weekId, scheduleId);
    const weekStart = Date.parse(`${weekId}T00:00:00Z`);
    const units = new Map<string, string[]>();
    for (const [muId, bu] of this.businessUnitOfMu) if (bu === buId) units.set(muId, []);
    for (const agent of schedule.agents.values()) units.get(agent.managementUnitId)?.push(agent.userId);
    return {
      id: scheduleId,
      weekDate: weekId,
      weekCount: 1,
      description: schedule.description,
      published: schedule.published,
      metadata: { version: schedule.version, dateModified: schedule.dateModified },
      managementUnits: [...units].map(([muId, users]) => ({
        managementUnit: { id: muId, selfUri: `/api/v2/workforcemanagement/managementunits/${muId}` },
        agentCount: users.length,
        startDate: new Date(weekStart).toISOString(),
        endDate: new Date(weekStart + 7 * DAY_MS).toISOString(),
        ...(expandAgents ? { agents: users.map((id) => ({ id, selfUri: `/api/v2/users/${id}` })) } : {}),
      })),
      selfUri: `/api/v2/workforcemanagement/businessunits/${buId}/weeks/${weekId}/schedules/${scheduleId}`,
    };
  }

  /** SDK model `BuAgentSchedulesQueryResponse` (answered inline). */
  queryAgents(
    buId: string,
    weekId: string,
    scheduleId: string,
    query: AgentSchedulesQuery,
  ): Record<string, unknown> {
    const schedule = this.require(buId, weekId, scheduleId);
    const unitBu = this.businessUnitOfMu.get(query.managementUnitId);
    if (unitBu === undefined) throw notFound(`Management unit ${query.managementUnitId}`);
    if (unitBu !== buId)
      throw badRequest(`Management unit ${query.managementUnitId} is not in business unit ${buId}`);
    const wanted = query.userIds ? new Set(query.userIds) : undefined;
    const agentSchedules = [...schedule.agents.values()]
      .filter((a) => a.managementUnitId === query.managementUnitId && (!wanted || wanted.has(a.userId)))
      .map((a) => ({
        user: { id: a.userId, selfUri: `/api/v2/users/${a.userId}` },
        shifts: a.shifts.map((shift) => renderShift(shift, schedule)),
        fullDayTimeOffMarkers: structuredClone(a.fullDayTimeOffMarkers),
        metadata: { version: a.version, dateModified: a.dateModified },
      }));
    return { agentSchedules, businessUnitTimeZone: this.timeZones.get(buId) ?? 'UTC' };
  }

  agentSchedule(
    buId: string,
    weekId: string,
    scheduleId: string,
    userId: string,
  ): AgentScheduleState | undefined {
    const agent = this.schedules.get(scheduleKey(buId, weekId, scheduleId))?.agents.get(userId);
    return agent ? structuredClone(agent) : undefined;
  }

  scheduleVersion(buId: string, weekId: string, scheduleId: string): number | undefined {
    return this.schedules.get(scheduleKey(buId, weekId, scheduleId))?.version;
  }

  createUpload(
    buId: string,
    weekId: string,
    scheduleId: string,
    contentLengthBytes: number,
    key: string,
    now: number,
  ) {
    this.require(buId, weekId, scheduleId);
    for (const [k, slot] of this.uploads) if (now - slot.createdAt > UPLOAD_TTL_MS) this.uploads.delete(k);
    this.uploads.set(key, {
      key,
      scheduleKey: scheduleKey(buId, weekId, scheduleId),
      contentLengthBytes,
      createdAt: now,
      payload: undefined,
      consumed: false,
    });
  }

  /** The declared size of an upload slot, or undefined when the key is unknown or expired. */
  uploadLength(key: string): number | undefined {
    return this.uploads.get(key)?.contentLengthBytes;
  }

  storeUpload(key: string, payload: UpdateScheduleUpload): void {
    const slot = this.uploads.get(key);
    if (!slot) throw notFound(`Upload ${key}`);
    slot.payload = payload;
  }

  /**
   * Step 3 of an update: checks versions now (a stale one fails at once or later, per `staleFailure`)
   * and leaves the operation Processing until `finish` is called.
   */
  startUpdate(
    buId: string,
    weekId: string,
    scheduleId: string,
    uploadKey: string,
    operationId: string,
    now: number,
    staleFailure: () => StaleFailure,
  ): StartedUpdate {
    const schedule = this.require(buId, weekId, scheduleId);
    const key = scheduleKey(buId, weekId, scheduleId);
    const slot = this.uploads.get(uploadKey);
    if (!slot || slot.scheduleKey !== key)
      throw badRequest(`Unknown upload key ${uploadKey} for this schedule`);
    if (slot.consumed) throw badRequest(`Upload ${uploadKey} was already processed`);
    if (!slot.payload) throw badRequest(`Nothing was uploaded for upload key ${uploadKey}`);
    const payload = slot.payload;
    this.validatePayload(buId, payload);
    slot.consumed = true;
    const stale = this.staleReason(schedule, payload);
    if (stale !== undefined && staleFailure() === 'immediate409') throw versionConflict();
    const concurrentWith = [...schedule.processing];
    const operation: ScheduleOperation = {
      operationId,
      scheduleKey: key,
      status: 'Processing',
      startedAt: now,
    };
    this.operations.set(operationId, operation);
    this.pending.set(operationId, { payload, doomed: stale });
    schedule.processing.add(operationId);
    return { operation: { ...operation }, concurrentWith, agents: payload.agentSchedules?.length ?? 0 };
  }

  /** Ends a Processing operation: Complete (applied) when every version still matches, else Error (nothing applied). */
  finish(operationId: string, now: number): ScheduleOperation | undefined {
    const operation = this.operations.get(operationId);
    const pending = this.pending.get(operationId);
    if (!operation || !pending || operation.status !== 'Processing') return undefined;
    const schedule = this.schedules.get(operation.scheduleKey);
    this.pending.delete(operationId);
    if (!schedule) return undefined;
    schedule.processing.delete(operationId);
    const { payload } = pending;
    // Versions are checked again at the end: another update may have completed in the meantime.
    const stale = pending.doomed ?? this.staleReason(schedule, payload);
    if (stale) {
      operation.status = 'Error';
      operation.error = stale;
    } else {
      this.apply(schedule, payload, now);
      operation.status = 'Complete';
    }
    operation.finishedAt = now;
    this.forgetOldOperations();
    return { ...operation };
  }

  operation(operationId: string): ScheduleOperation | undefined {
    const operation = this.operations.get(operationId);
    return operation ? { ...operation } : undefined;
  }

  private validatePayload(buId: string, payload: UpdateScheduleUpload): void {
    for (const agent of payload.agentSchedules ?? []) {
      const mu = this.managementUnitOfUser.get(agent.userId);
      if (mu === undefined || this.businessUnitOfMu.get(mu) !== buId) {
        throw badRequest(`User ${agent.userId} is not in business unit ${buId}`);
      }
      for (const shift of agent.shifts ?? []) {
        for (const activity of shift.activities) {
          if (!this.activityCodeIds.has(activity.activityCodeId)) {
            throw badRequest(`Unknown activity code ${activity.activityCodeId}`);
          }
        }
      }
    }
  }

  /** Why the payload no longer fits the schedule, or undefined when every version matches. */
  private staleReason(schedule: ScheduleState, payload: UpdateScheduleUpload): string | undefined {
    if (payload.metadata.version !== schedule.version) {
      return `schedule version ${payload.metadata.version} is not the current ${schedule.version}`;
    }
    for (const agent of payload.agentSchedules ?? []) {
      const current = schedule.agents.get(agent.userId);
      // An agent already in the schedule must be written at the version it was read at.
      if (current && agent.metadata?.version !== current.version) {
        return `agent ${agent.userId} version ${agent.metadata?.version ?? 'missing'} is not the current ${current.version}`;
      }
    }
    return undefined;
  }

  private apply(schedule: ScheduleState, payload: UpdateScheduleUpload, now: number): void {
    const stamp = new Date(now).toISOString();
    schedule.version += 1;
    schedule.dateModified = stamp;
    if (payload.description !== undefined) schedule.description = payload.description;
    if (payload.published !== undefined) schedule.published = payload.published;
    for (const upload of payload.agentSchedules ?? []) {
      const current = schedule.agents.get(upload.userId);
      const next: AgentScheduleState = current ?? {
        userId: upload.userId,
        managementUnitId: this.managementUnitOfUser.get(upload.userId) as string,
        version: 0,
        dateModified: stamp,
        shifts: [],
        fullDayTimeOffMarkers: [],
      };
      next.version += 1;
      next.dateModified = stamp;
      if (upload.delete) {
        next.shifts = [];
        next.fullDayTimeOffMarkers = [];
      } else {
        if (upload.shifts !== undefined) {
          next.shifts = upload.shifts
            .filter((shift) => !shift.delete)
            .map((shift, i) =>
              storeShift(shift, `${upload.userId.slice(0, 8)}-${schedule.weekId}-v${next.version}-${i}`),
            );
        }
        if (upload.fullDayTimeOffMarkers !== undefined) {
          next.fullDayTimeOffMarkers = structuredClone(upload.fullDayTimeOffMarkers);
        }
      }
      schedule.agents.set(upload.userId, next);
    }
  }

  private forgetOldOperations(): void {
    if (this.operations.size <= FINISHED_OPERATIONS_KEPT) return;
    for (const [id, operation] of this.operations) {
      if (this.operations.size <= FINISHED_OPERATIONS_KEPT) break;
      if (operation.status !== 'Processing') this.operations.delete(id);
    }
  }

  /**
   * Another publisher (not a client of the API: a WFM publish inside Genesys) publishes the schedule again:
   * the schedule's version and the versions of the agents in `share` move, their shifts unchanged. Any update a
   * client prepared from versions read before this is now stale. Returns the agents moved.
   */
  republish(buId: string, weekId: string, scheduleId: string, pickAgent: () => boolean, now: number): number {
    const schedule = this.require(buId, weekId, scheduleId);
    const stamp = new Date(now).toISOString();
    schedule.version += 1;
    schedule.dateModified = stamp;
    let moved = 0;
    for (const agent of schedule.agents.values()) {
      if (!pickAgent()) continue;
      agent.version += 1;
      agent.dateModified = stamp;
      moved += 1;
    }
    return moved;
  }

  private require(buId: string, weekId: string, scheduleId: string): ScheduleState {
    const schedule = this.schedules.get(scheduleKey(buId, weekId, scheduleId));
    if (!schedule) throw notFound(`Schedule ${scheduleId} of week ${weekId} in business unit ${buId}`);
    return schedule;
  }
}

function storeShift(shift: ScheduleShiftUpload, fallbackId: string): StoredShift {
  const { id, startDate, lengthMinutes, activities, manuallyEdited } = shift;
  return {
    id: id ?? fallbackId,
    startDate,
    lengthMinutes,
    activities: structuredClone(activities),
    manuallyEdited: manuallyEdited ?? false,
  };
}

function renderShift(shift: StoredShift, schedule: ScheduleState): Record<string, unknown> {
  return {
    ...structuredClone(shift),
    schedule: {
      id: schedule.scheduleId,
      weekDate: schedule.weekId,
      selfUri: `/api/v2/workforcemanagement/businessunits/${schedule.buId}/weeks/${schedule.weekId}/schedules/${schedule.scheduleId}`,
    },
  };
}

/** Monday to Friday, 8 hours of the first activity code, so a fresh schedule is not empty. */
function defaultWeek(userId: string, weekId: string, workCode: string): StoredShift[] {
  const weekStart = Date.parse(`${weekId}T01:00:00Z`);
  return Array.from({ length: 5 }, (_, day) => {
    const startDate = new Date(weekStart + day * DAY_MS).toISOString();
    return {
      id: `${userId.slice(0, 8)}-${weekId}-d${day}`,
      startDate,
      lengthMinutes: 480,
      activities: [
        { startDate, lengthMinutes: 480, description: 'Work', activityCodeId: workCode, paid: true },
      ],
      manuallyEdited: false,
    };
  });
}
