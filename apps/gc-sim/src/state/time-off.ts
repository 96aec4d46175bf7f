import { badRequest, notFound, SimApiError, versionConflict } from '../errors.js';
import { extractTimeOffMarker } from '../time-off-marker.js';
import type {
  AdminTimeOffPatch,
  CreateAdminTimeOff,
  TimeOffQuery,
  TimeOffStatus,
} from './time-off-schema.js';

const DAY_MS = 86_400_000;

export interface TimeOffRecord {
  id: string;
  managementUnitId: string;
  userId: string;
  status: TimeOffStatus;
  activityCodeId: string;
  paid: boolean;
  notes: string;
  fullDayManagementUnitDates: string[];
  fullDayEarliestStartOffsetMinutes: number[];
  fullDayLatestEndOffsetMinutes: number[];
  partialDayStartDateTimes: string[];
  dailyDurationMinutes: number;
  durationMinutes: number[];
  payableMinutes: number[];
  submittedBy: string;
  submittedDate: string;
  reviewedBy?: string;
  reviewedDate?: string;
  modifiedBy: string;
  modifiedDate: string;
  syncVersion: number;
  version: number;
  dateCreated: string;
}

export interface TimeOffContext {
  /** The management unit of every agent of the org. */
  managementUnitOfUser: ReadonlyMap<string, string>;
  managementUnitIds: ReadonlySet<string>;
  activityCodeIds: ReadonlySet<string>;
}

/** Who the API sees acting with a client-credentials token, and who the admin UI user is. */
export const API_CLIENT_USER_ID = 'oauth-client';
export const ADMIN_USER_ID = 'admin-user';

const LIVE: ReadonlySet<TimeOffStatus> = new Set(['PENDING', 'APPROVED']);

/** WFM time-off requests of one org: versioned, overlap-checked, with no idempotency key (as in Genesys). */
export class TimeOffStore {
  private readonly requests = new Map<string, TimeOffRecord>();

  constructor(private readonly context: TimeOffContext) {}

  all(): TimeOffRecord[] {
    return [...this.requests.values()].map((r) => structuredClone(r));
  }

  liveIds(): string[] {
    return [...this.requests.values()].filter((r) => LIVE.has(r.status)).map((r) => r.id);
  }

  /** Live requests other than `exceptId` whose notes carry the sync marker for `externalId`. */
  liveWithMarker(externalId: string, exceptId: string): TimeOffRecord[] {
    return [...this.requests.values()].filter(
      (r) => r.id !== exceptId && LIVE.has(r.status) && extractTimeOffMarker(r.notes) === externalId,
    );
  }

  create(
    managementUnitId: string,
    body: CreateAdminTimeOff,
    now: number,
    newId: () => string,
  ): TimeOffRecord[] {
    this.requireManagementUnit(managementUnitId);
    this.requireActivityCode(body.activityCodeId);
    const stamp = new Date(now).toISOString();
    const drafts = body.users.map((user): TimeOffRecord => {
      if (this.context.managementUnitOfUser.get(user.id) !== managementUnitId) {
        throw badRequest(`User ${user.id} is not in management unit ${managementUnitId}`);
      }
      return {
        id: '',
        managementUnitId,
        userId: user.id,
        status: body.status,
        activityCodeId: body.activityCodeId,
        paid: body.paid ?? false,
        notes: body.notes ?? '',
        fullDayManagementUnitDates: [...(body.fullDayManagementUnitDates ?? [])],
        fullDayEarliestStartOffsetMinutes: [...(body.fullDayEarliestStartOffsetMinutes ?? [])],
        fullDayLatestEndOffsetMinutes: [...(body.fullDayLatestEndOffsetMinutes ?? [])],
        partialDayStartDateTimes: [...(body.partialDayStartDateTimes ?? [])],
        dailyDurationMinutes: body.dailyDurationMinutes ?? 0,
        durationMinutes: [...(body.durationMinutes ?? [])],
        payableMinutes: [...(body.payableMinutes ?? [])],
        submittedBy: API_CLIENT_USER_ID,
        submittedDate: stamp,
        ...(body.status === 'APPROVED' ? { reviewedBy: API_CLIENT_USER_ID, reviewedDate: stamp } : {}),
        modifiedBy: API_CLIENT_USER_ID,
        modifiedDate: stamp,
        syncVersion: 1,
        version: 1,
        dateCreated: stamp,
      };
    });
    // Check every user before creating any, so a 409 leaves nothing behind.
    for (const draft of drafts) this.requireNoOverlap(draft, undefined);
    return drafts.map((draft) => {
      const record = { ...draft, id: newId() };
      this.requests.set(record.id, record);
      return structuredClone(record);
    });
  }

  query(managementUnitId: string, query: TimeOffQuery): TimeOffRecord[] {
    this.requireManagementUnit(managementUnitId);
    const range = query.dateRange;
    const rangeStart = range?.startDate ? Date.parse(range.startDate) : Number.NEGATIVE_INFINITY;
    const rangeEnd = range?.endDate ? Date.parse(range.endDate) : Number.POSITIVE_INFINITY;
    return [...this.requests.values()]
      .filter((r) => r.managementUnitId === managementUnitId)
      .filter((r) => !query.ids || query.ids.includes(r.id))
      .filter((r) => !query.userIds || query.userIds.includes(r.userId))
      .filter((r) => !query.statuses || query.statuses.includes(r.status))
      .filter((r) => !range || intervalsOf(r).some(([start, end]) => start < rangeEnd && end > rangeStart))
      .map((r) => structuredClone(r));
  }

  get(managementUnitId: string, userId: string, id: string): TimeOffRecord | undefined {
    const record = this.requests.get(id);
    if (!record || record.managementUnitId !== managementUnitId || record.userId !== userId) return undefined;
    return structuredClone(record);
  }

  patch(
    managementUnitId: string,
    userId: string,
    id: string,
    patch: AdminTimeOffPatch,
    now: number,
  ): TimeOffRecord {
    const record = this.requests.get(id);
    if (!record || record.managementUnitId !== managementUnitId || record.userId !== userId) {
      throw notFound(`Time off request ${id}`);
    }
    if (patch.metadata.version !== record.version) throw versionConflict();
    if (record.status === 'CANCELED' && patch.status !== undefined && patch.status !== 'CANCELED') {
      throw badRequest('A canceled time off request cannot change status');
    }
    if (patch.activityCodeId !== undefined) this.requireActivityCode(patch.activityCodeId);
    const next: TimeOffRecord = structuredClone(record);
    if (patch.status !== undefined) next.status = patch.status;
    if (patch.activityCodeId !== undefined) next.activityCodeId = patch.activityCodeId;
    if (patch.paid !== undefined) next.paid = patch.paid;
    if (patch.notes !== undefined) next.notes = patch.notes;
    if (patch.fullDayManagementUnitDates !== undefined) {
      next.fullDayManagementUnitDates = [...patch.fullDayManagementUnitDates];
      if (patch.fullDayManagementUnitDates.length > 0) next.partialDayStartDateTimes = [];
    }
    if (patch.partialDayStartDateTimes !== undefined) {
      next.partialDayStartDateTimes = [...patch.partialDayStartDateTimes];
      if (patch.partialDayStartDateTimes.length > 0) next.fullDayManagementUnitDates = [];
    }
    if (patch.fullDayEarliestStartOffsetMinutes?.values) {
      next.fullDayEarliestStartOffsetMinutes = [...patch.fullDayEarliestStartOffsetMinutes.values];
    }
    if (patch.fullDayLatestEndOffsetMinutes?.values) {
      next.fullDayLatestEndOffsetMinutes = [...patch.fullDayLatestEndOffsetMinutes.values];
    }
    if (patch.dailyDurationMinutes !== undefined) next.dailyDurationMinutes = patch.dailyDurationMinutes;
    if (patch.durationMinutes !== undefined) next.durationMinutes = [...patch.durationMinutes];
    if (patch.payableMinutes !== undefined) next.payableMinutes = [...patch.payableMinutes];
    if (next.fullDayManagementUnitDates.length === 0 && next.partialDayStartDateTimes.length === 0) {
      throw badRequest('A time off request needs at least one day');
    }
    if (LIVE.has(next.status)) this.requireNoOverlap(next, id);
    const stamp = new Date(now).toISOString();
    if (patch.status !== undefined && patch.status !== record.status) {
      next.reviewedBy = API_CLIENT_USER_ID;
      next.reviewedDate = stamp;
    }
    this.bump(next, API_CLIENT_USER_ID, stamp);
    this.requests.set(id, next);
    return structuredClone(next);
  }

  /** The administrator opens and saves a request without changing it: only the version moves. */
  resave(id: string, now: number): TimeOffRecord | undefined {
    const record = this.requests.get(id);
    if (!record) return undefined;
    this.bump(record, ADMIN_USER_ID, new Date(now).toISOString());
    return structuredClone(record);
  }

  private bump(record: TimeOffRecord, by: string, stamp: string): void {
    record.version += 1;
    record.syncVersion += 1;
    record.modifiedBy = by;
    record.modifiedDate = stamp;
  }

  private requireManagementUnit(managementUnitId: string): void {
    if (!this.context.managementUnitIds.has(managementUnitId))
      throw notFound(`Management unit ${managementUnitId}`);
  }

  private requireActivityCode(activityCodeId: string): void {
    if (!this.context.activityCodeIds.has(activityCodeId))
      throw badRequest(`Unknown activity code ${activityCodeId}`);
  }

  private requireNoOverlap(candidate: TimeOffRecord, exceptId: string | undefined): void {
    const mine = intervalsOf(candidate);
    for (const other of this.requests.values()) {
      if (other.id === exceptId || other.userId !== candidate.userId || !LIVE.has(other.status)) continue;
      const overlaps = intervalsOf(other).some(([s1, e1]) => mine.some(([s2, e2]) => s1 < e2 && s2 < e1));
      if (overlaps) {
        // (undocumented) wording; docs/genesys-api.md only fixes the status and a "duplicate" code.
        throw new SimApiError(
          409,
          'duplicate',
          `A time off request for user ${candidate.userId} already exists for overlapping dates (${other.id})`,
        );
      }
    }
  }
}

/** The time a request covers, as [start, end) epoch-ms intervals (full days in UTC). */
function intervalsOf(record: TimeOffRecord): Array<[number, number]> {
  if (record.fullDayManagementUnitDates.length > 0) {
    return record.fullDayManagementUnitDates.map((date) => {
      const start = Date.parse(`${date}T00:00:00Z`);
      return [start, start + DAY_MS];
    });
  }
  return record.partialDayStartDateTimes.map((startText, i) => {
    const start = Date.parse(startText);
    const minutes = record.durationMinutes[i] ?? record.dailyDurationMinutes;
    return [start, start + Math.max(1, minutes) * 60_000];
  });
}

function userRef(id: string): { id: string; selfUri: string } {
  return { id, selfUri: `/api/v2/users/${id}` };
}

/** SDK model `TimeOffRequestListItem` (as the query answers it). */
export function toTimeOffListItem(record: TimeOffRecord): Record<string, unknown> {
  return {
    id: record.id,
    user: userRef(record.userId),
    isFullDayRequest: record.fullDayManagementUnitDates.length > 0,
    markedAsRead: false,
    activityCodeId: record.activityCodeId,
    paid: record.paid,
    status: record.status,
    partialDayStartDateTimes: record.partialDayStartDateTimes,
    fullDayManagementUnitDates: record.fullDayManagementUnitDates,
    dailyDurationMinutes: record.dailyDurationMinutes,
    durationMinutes: record.durationMinutes,
    payableMinutes: record.payableMinutes,
    fullDayEarliestStartOffsetMinutes: record.fullDayEarliestStartOffsetMinutes,
    fullDayLatestEndOffsetMinutes: record.fullDayLatestEndOffsetMinutes,
    notes: record.notes,
    submittedBy: userRef(record.submittedBy),
    submittedDate: record.submittedDate,
    ...(record.reviewedBy
      ? { reviewedBy: userRef(record.reviewedBy), reviewedDate: record.reviewedDate }
      : {}),
    syncVersion: record.syncVersion,
    metadata: {
      version: record.version,
      dateCreated: record.dateCreated,
      createdBy: userRef(record.submittedBy),
      dateModified: record.modifiedDate,
      modifiedBy: userRef(record.modifiedBy),
    },
    selfUri: `/api/v2/workforcemanagement/managementunits/${record.managementUnitId}/users/${record.userId}/timeoffrequests/${record.id}`,
  };
}

/** SDK model `TimeOffRequestResponse`. */
export function toTimeOffResponse(record: TimeOffRecord): Record<string, unknown> {
  return {
    ...toTimeOffListItem(record),
    modifiedBy: userRef(record.modifiedBy),
    modifiedDate: record.modifiedDate,
  };
}
