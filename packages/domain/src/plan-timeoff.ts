import { z } from 'zod';
import type { TimeOffData } from './events.js';
import type { SyncKey } from './keys.js';
import { type FieldChange, type Plan, reasonForDifference } from './plan.js';

/**
 * Time-off: exactly one Genesys request per WFM `externalId`. The API has no external id, so wfm-sync marks what it
 * creates with `[wfm-sync:<URI-encoded externalId>]` at the end of `notes` (the format gc-sim recognises): a person
 * reading the request sees the WFM note first, then which WFM record it mirrors. URI-encoding keeps `]` and
 * whitespace out of the marker, so every external id round-trips.
 */
const MARKER_PATTERN = /\[wfm-sync:([^\]\s]+)\]/;

/** Genesys' notes limit as gc-sim enforces it (CreateAdminTimeOffRequest); longer WFM notes are shortened. */
export const TIME_OFF_NOTES_MAX_LENGTH = 1000;

export type TimeOffStatus = TimeOffData['status'];
/** Every status a Genesys request can have (DENIED is set only by people). */
export type GenesysTimeOffStatus = TimeOffStatus | 'DENIED';

const LIVE_STATUSES: ReadonlySet<GenesysTimeOffStatus> = new Set(['PENDING', 'APPROVED']);

export function timeOffMarker(externalId: string): string {
  if (externalId.length === 0) throw new Error('externalId must not be empty');
  return `[wfm-sync:${encodeURIComponent(externalId)}]`;
}

/** The external id of the first marker in `notes`, or undefined when there is none (or it is malformed). */
export function extractTimeOffMarker(notes: string | undefined | null): string | undefined {
  const match = MARKER_PATTERN.exec(notes ?? '');
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // A malformed escape is not a marker wfm-sync wrote, so it names no external id.
    return undefined;
  }
}

/** The notes wfm-sync writes: the WFM text (shortened to fit if need be), a space, the marker. */
export function timeOffNotes(text: string | undefined, externalId: string): string {
  const marker = timeOffMarker(externalId);
  const body = (text ?? '').trim();
  if (body === '') return marker;
  const room = TIME_OFF_NOTES_MAX_LENGTH - marker.length - 1;
  if (body.length <= room) return `${body} ${marker}`;
  if (room <= 1) return marker;
  return `${body.slice(0, room - 1)}… ${marker}`;
}

/** What wfm-sync owns on a request: the values it compares and writes (kept as the key's last applied value). */
export const timeOffValuesSchema = z.object({
  status: z.enum(['PENDING', 'APPROVED', 'CANCELED']),
  activityCodeId: z.string(),
  /** Sorted, without repeats: the order of dates carries no meaning. */
  fullDayManagementUnitDates: z.array(z.string()),
  /** WFM notes followed by the marker. */
  notes: z.string(),
});
export type TimeOffValues = z.infer<typeof timeOffValuesSchema>;

/** A request as Genesys has it (read, queried or just written). */
export interface CurrentTimeOff {
  id: string;
  userId: string;
  status: GenesysTimeOffStatus;
  activityCodeId?: string;
  fullDayManagementUnitDates?: string[];
  partialDayStartDateTimes?: string[];
  notes?: string;
  version: number;
}

function normalizedDates(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}

export function desiredTimeOffValues(data: TimeOffData): TimeOffValues {
  return {
    status: data.status,
    activityCodeId: data.activityCodeId,
    fullDayManagementUnitDates: normalizedDates(data.fullDayManagementUnitDates),
    notes: timeOffNotes(data.notes, data.externalId),
  };
}

export function sameTimeOffValues(a: TimeOffValues, b: TimeOffValues): boolean {
  return timeOffValueChanges(a, { ...b, id: '', userId: '', version: 0 }).length === 0;
}

/**
 * Fields whose Genesys value differs from the desired one. A CANCELED request is compared by status only: cancelling
 * is all wfm-sync does to it (Genesys may refuse edits of a canceled request, and nobody plans with its dates).
 */
export function timeOffValueChanges(desired: TimeOffValues, current: CurrentTimeOff): FieldChange[] {
  const changes: FieldChange[] = [];
  if (current.status !== desired.status)
    changes.push({ field: 'status', current: current.status, desired: desired.status });
  if (desired.status === 'CANCELED') return changes;
  if ((current.activityCodeId ?? null) !== desired.activityCodeId)
    changes.push({
      field: 'activityCodeId',
      current: current.activityCodeId ?? null,
      desired: desired.activityCodeId,
    });
  const currentDates = normalizedDates(current.fullDayManagementUnitDates ?? []);
  if (currentDates.join(',') !== desired.fullDayManagementUnitDates.join(','))
    changes.push({
      field: 'fullDayManagementUnitDates',
      current: currentDates,
      desired: desired.fullDayManagementUnitDates,
    });
  if ((current.notes ?? '') !== desired.notes)
    changes.push({ field: 'notes', current: current.notes ?? null, desired: desired.notes });
  return changes;
}

/** The fields of an `AdminTimeOffRequestPatch` (without `metadata`) that make `changes` true: only what differs. */
export interface TimeOffPatchFields {
  status?: TimeOffStatus;
  activityCodeId?: string;
  fullDayManagementUnitDates?: string[];
  notes?: string;
}

export function timeOffPatchFields(
  desired: TimeOffValues,
  changes: readonly FieldChange[],
): TimeOffPatchFields {
  const fields = new Set(changes.map((c) => c.field));
  return {
    ...(fields.has('status') ? { status: desired.status } : {}),
    ...(fields.has('activityCodeId') ? { activityCodeId: desired.activityCodeId } : {}),
    ...(fields.has('fullDayManagementUnitDates')
      ? { fullDayManagementUnitDates: desired.fullDayManagementUnitDates }
      : {}),
    ...(fields.has('notes') ? { notes: desired.notes } : {}),
  };
}

export function isLiveTimeOff(status: GenesysTimeOffStatus): boolean {
  return LIVE_STATUSES.has(status);
}

/** Full days as dates; partial days by the UTC date they start on (close enough to tell an overlap apart). */
function daysOf(request: Pick<CurrentTimeOff, 'fullDayManagementUnitDates' | 'partialDayStartDateTimes'>) {
  return new Set([
    ...(request.fullDayManagementUnitDates ?? []),
    ...(request.partialDayStartDateTimes ?? []).map((start) => start.slice(0, 10)),
  ]);
}

/** How a request that blocks ours (same user, overlapping days, live) relates to this external id. */
export type OverlapOwner = 'foreign' | 'other-external-id';

export interface TimeOffOverlap {
  request: CurrentTimeOff;
  /** `foreign`: no wfm-sync marker (a person or another tool made it); else it mirrors another WFM record. */
  owner: OverlapOwner;
  /** The other record's external id, when it carries a marker. */
  externalId?: string;
}

/** Live requests of the user, other than this external id's own, that overlap the desired days. */
export function timeOffOverlaps(
  externalId: string,
  userId: string,
  dates: readonly string[],
  requests: readonly CurrentTimeOff[],
): TimeOffOverlap[] {
  const wanted = new Set(dates);
  return requests
    .filter((r) => r.userId === userId && isLiveTimeOff(r.status))
    .filter((r) => extractTimeOffMarker(r.notes) !== externalId)
    .filter((r) => [...daysOf(r)].some((day) => wanted.has(day)))
    .map((request) => {
      const other = extractTimeOffMarker(request.notes);
      return other === undefined
        ? { request, owner: 'foreign' as const }
        : { request, owner: 'other-external-id' as const, externalId: other };
    });
}

/**
 * The request that carries this external id's marker, if any: a live one first (a canceled one is only adopted
 * when nothing else is there), then the oldest id for a stable choice.
 */
export function findMarkedTimeOff(
  externalId: string,
  requests: readonly CurrentTimeOff[],
): CurrentTimeOff | undefined {
  const marked = requests.filter((r) => extractTimeOffMarker(r.notes) === externalId);
  return [...marked].sort(
    (a, b) =>
      Number(isLiveTimeOff(b.status)) - Number(isLiveTimeOff(a.status)) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )[0];
}

export interface TimeOffPlanInput {
  orgId: string;
  desired: TimeOffData;
  /** The request mapped to (or found for) this external id; undefined when none exists. */
  current?: CurrentTimeOff;
  /** What wfm-sync last confirmed in Genesys for this external id, if it ever did. */
  lastApplied?: TimeOffValues;
}

export const TIME_OFF_RESOURCE = 'wfm-timeoff-request';

/**
 * Plan for one external id: create when no request exists (never for CANCELED: there is nothing to cancel),
 * PATCH only the differing fields when one exists, nothing when it matches.
 */
export function planTimeOff(input: TimeOffPlanInput): Plan {
  const key: SyncKey = { orgId: input.orgId, kind: 'timeoff', id: input.desired.externalId };
  const desired = desiredTimeOffValues(input.desired);
  const { current } = input;
  if (current === undefined) {
    if (desired.status === 'CANCELED')
      return {
        key,
        reason: 'in-step',
        detail: 'nothing to cancel: no request exists',
        changes: [],
        calls: [],
      };
    return {
      key,
      reason: 'first-sync',
      detail: `no request carries ${timeOffMarker(input.desired.externalId)}`,
      changes: (['status', 'activityCodeId', 'fullDayManagementUnitDates', 'notes'] as const).map(
        (field) => ({
          field,
          current: null,
          desired: desired[field],
        }),
      ),
      calls: [{ method: 'POST', resource: TIME_OFF_RESOURCE, target: input.desired.managementUnitId }],
    };
  }
  const changes = timeOffValueChanges(desired, current);
  if (changes.length === 0)
    return { key, reason: 'in-step', detail: `request ${current.id}`, changes, calls: [] };
  return {
    key,
    reason: reasonForDifference(
      input.lastApplied === undefined ? undefined : sameTimeOffValues(input.lastApplied, desired),
    ),
    detail: `request ${current.id} version ${current.version}`,
    changes,
    calls: [{ method: 'PATCH', resource: TIME_OFF_RESOURCE, target: current.id }],
  };
}
