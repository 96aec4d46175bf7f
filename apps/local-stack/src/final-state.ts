import { type ShiftLike, sameShifts, type TimeOffData, timeOffMarker } from '@wfm-sync/domain';
import { plainShifts, type StoredShiftLike } from '@wfm-sync/gc-sim';

/** A time-off request as the simulator shows it: the fields a final-state check reads. */
export interface TimeOffState {
  status: string;
  activityCodeId: string;
  fullDayManagementUnitDates: readonly string[];
  notes: string;
}

/**
 * Why Genesys does not show an external id at `data` (its highest-sequence event), or undefined when it does:
 * exactly one request carries the id's marker, with the event's values and notes. An id canceled before anything
 * was created may have no request at all.
 */
export function timeOffMismatch(requests: readonly TimeOffState[], data: TimeOffData): string | undefined {
  const marker = timeOffMarker(data.externalId);
  const marked = requests.filter((r) => r.notes.includes(marker));
  if (data.status === 'CANCELED') {
    if (marked.length === 0) return undefined;
    if (marked.length === 1 && marked[0]!.status === 'CANCELED') return undefined;
    return `${marked.length} requests, statuses ${marked.map((r) => r.status).join(',')}; want canceled`;
  }
  if (marked.length !== 1) return `${marked.length} requests`;
  const r = marked[0]!;
  // Spelled out instead of calling timeOffNotes, so that the check does not trust the code it checks (the storms'
  // notes are short and never empty, where timeOffNotes would shorten or drop them).
  const want = {
    status: data.status,
    activityCodeId: data.activityCodeId,
    dates: [...data.fullDayManagementUnitDates].sort().join(','),
    notes: `${data.notes} ${marker}`,
  };
  const got = {
    status: r.status,
    activityCodeId: r.activityCodeId,
    dates: [...r.fullDayManagementUnitDates].sort().join(','),
    notes: r.notes,
  };
  return JSON.stringify(want) === JSON.stringify(got)
    ? undefined
    : `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
}

/** True when the simulator's stored shifts are the desired ones, compared as the sync compares them. */
export function storedShiftsMatch(
  stored: readonly StoredShiftLike[],
  desired: readonly ShiftLike[],
): boolean {
  return sameShifts(plainShifts(stored), desired);
}
