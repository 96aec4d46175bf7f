import type { StoredShift } from './schedules.js';

/** A stored shift with only what a WFM event describes, activities typed (tests compare these with events). */
export interface PlainShift {
  startDate: string;
  lengthMinutes: number;
  activities: { activityCodeId: string; startDate: string; lengthMinutes: number }[];
}

/** What plainShifts reads of a stored shift (also what the admin API answers over HTTP). */
export type StoredShiftLike = Pick<StoredShift, 'startDate' | 'lengthMinutes' | 'activities'>;

/** The simulator's stored shifts (activities kept as loose records, as uploaded) in the shape events use. */
export function plainShifts(shifts: readonly StoredShiftLike[]): PlainShift[] {
  return shifts.map((s) => ({
    startDate: s.startDate,
    lengthMinutes: s.lengthMinutes,
    activities: s.activities.map((a) => ({
      activityCodeId: String(a.activityCodeId),
      startDate: String(a.startDate),
      lengthMinutes: Number(a.lengthMinutes),
    })),
  }));
}
