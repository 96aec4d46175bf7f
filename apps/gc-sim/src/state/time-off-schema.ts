import { z } from 'zod';

export const timeOffStatuses = ['PENDING', 'APPROVED', 'DENIED', 'CANCELED'] as const;
export type TimeOffStatus = (typeof timeOffStatuses)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const isoDateTime = z.iso.datetime({ offset: true });
const userRef = z.object({ id: z.string().min(1), selfUri: z.string().optional() });

/** Full-day dates or partial-day start times, never both, never neither. */
function refineDays(
  value: {
    fullDayManagementUnitDates?: string[] | undefined;
    partialDayStartDateTimes?: string[] | undefined;
    dailyDurationMinutes?: number | undefined;
    durationMinutes?: number[] | undefined;
  },
  ctx: z.RefinementCtx,
  required: boolean,
): void {
  const fullDays = value.fullDayManagementUnitDates?.length ?? 0;
  const partialDays = value.partialDayStartDateTimes?.length ?? 0;
  if (fullDays > 0 && partialDays > 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'give fullDayManagementUnitDates or partialDayStartDateTimes, not both',
    });
  }
  if (required && fullDays === 0 && partialDays === 0) {
    ctx.addIssue({
      code: 'custom',
      message: 'fullDayManagementUnitDates or partialDayStartDateTimes is required',
    });
  }
  if (partialDays > 0 && value.dailyDurationMinutes === undefined && value.durationMinutes === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'partial-day requests need dailyDurationMinutes or durationMinutes',
    });
  }
  if (
    value.durationMinutes !== undefined &&
    partialDays > 0 &&
    value.durationMinutes.length !== partialDays
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'durationMinutes must have one entry per partialDayStartDateTimes entry',
    });
  }
}

/** SDK model `CreateAdminTimeOffRequest`: Genesys creates only PENDING or APPROVED requests. */
export const createAdminTimeOffSchema = z
  .object({
    status: z.enum(['PENDING', 'APPROVED']),
    users: z.array(userRef).min(1),
    activityCodeId: z.string().min(1),
    notes: z.string().max(1000).optional(),
    fullDayManagementUnitDates: z.array(isoDate).optional(),
    fullDayEarliestStartOffsetMinutes: z.array(z.int()).optional(),
    fullDayLatestEndOffsetMinutes: z.array(z.int()).optional(),
    partialDayStartDateTimes: z.array(isoDateTime).optional(),
    dailyDurationMinutes: z.int().min(1).max(1440).optional(),
    durationMinutes: z.array(z.int().min(1).max(1440)).optional(),
    payableMinutes: z.array(z.int().min(0)).optional(),
    paid: z.boolean().optional(),
  })
  .superRefine((value, ctx) => refineDays(value, ctx, true));

/** SDK model `AdminTimeOffRequestPatch`: every field optional but the version it was read at. */
export const adminTimeOffPatchSchema = z
  .object({
    status: z.enum(timeOffStatuses).optional(),
    activityCodeId: z.string().min(1).optional(),
    paid: z.boolean().optional(),
    notes: z.string().max(1000).optional(),
    fullDayManagementUnitDates: z.array(isoDate).optional(),
    fullDayEarliestStartOffsetMinutes: z.object({ values: z.array(z.int()).optional() }).optional(),
    fullDayLatestEndOffsetMinutes: z.object({ values: z.array(z.int()).optional() }).optional(),
    partialDayStartDateTimes: z.array(isoDateTime).optional(),
    dailyDurationMinutes: z.int().min(1).max(1440).optional(),
    durationMinutes: z.array(z.int().min(1).max(1440)).optional(),
    payableMinutes: z.array(z.int().min(0)).optional(),
    metadata: z.looseObject({ version: z.int().min(0) }),
  })
  .superRefine((value, ctx) => refineDays(value, ctx, false));

/** SDK model `TimeOffRequestQueryBody`. */
export const timeOffQuerySchema = z.object({
  ids: z.array(z.string()).optional(),
  userIds: z.array(z.string()).optional(),
  statuses: z.array(z.enum(timeOffStatuses)).optional(),
  substatuses: z.array(z.string()).optional(),
  dateRange: z
    .object({
      startDate: z.union([isoDateTime, isoDate]).optional(),
      endDate: z.union([isoDateTime, isoDate]).optional(),
    })
    .optional(),
  teamIds: z.array(z.string()).optional(),
});

export type CreateAdminTimeOff = z.infer<typeof createAdminTimeOffSchema>;
export type AdminTimeOffPatch = z.infer<typeof adminTimeOffPatchSchema>;
export type TimeOffQuery = z.infer<typeof timeOffQuerySchema>;
