import { z } from 'zod';
import { UserReferenceSchema, WfmVersionedEntityMetadataSchema, type WfmVersionReference } from './common.js';
import { genesysObject } from './genesys-object.js';

export const TimeOffRequestStatusSchema = z.enum(['PENDING', 'APPROVED', 'DENIED', 'CANCELED']);
export type TimeOffRequestStatus = z.infer<typeof TimeOffRequestStatusSchema>;

const timeOffFields = {
  id: z.string(),
  status: TimeOffRequestStatusSchema,
  substatus: z.string().optional(),
  activityCodeId: z.string().optional(),
  isFullDayRequest: z.boolean().optional(),
  fullDayManagementUnitDates: z.array(z.string()).optional(),
  partialDayStartDateTimes: z.array(z.string()).optional(),
  dailyDurationMinutes: z.number().int().optional(),
  durationMinutes: z.array(z.number().int()).optional(),
  paid: z.boolean().optional(),
  notes: z.string().optional(),
  metadata: WfmVersionedEntityMetadataSchema,
};

/** SDK `TimeOffRequestResponse`: one request, as created, read or patched. */
export const TimeOffRequestResponseSchema = genesysObject({
  ...timeOffFields,
  user: UserReferenceSchema.optional(),
});
export type TimeOffRequestResponse = z.infer<typeof TimeOffRequestResponseSchema>;

/** SDK `TimeOffRequestList`: what a create answers, one request per user. */
export const TimeOffRequestListSchema = genesysObject({
  timeOffRequests: z.array(TimeOffRequestResponseSchema),
});
export type TimeOffRequestList = z.infer<typeof TimeOffRequestListSchema>;

/** SDK `TimeOffRequestListItem`: one query result. */
export const TimeOffRequestListItemSchema = genesysObject({
  ...timeOffFields,
  user: UserReferenceSchema,
});
export type TimeOffRequestListItem = z.infer<typeof TimeOffRequestListItemSchema>;

/**
 * SDK `TimeOffRequestListing`. A large answer may carry `downloadUrl` instead of `entities`;
 * the client follows it, so callers always get `entities`.
 */
export const TimeOffRequestListingSchema = genesysObject({
  entities: z.array(TimeOffRequestListItemSchema).optional(),
  downloadUrl: z.string().optional(),
});
export type TimeOffRequestListing = z.infer<typeof TimeOffRequestListingSchema>;

/** SDK `CreateAdminTimeOffRequest`. */
export interface CreateAdminTimeOffRequest {
  status: 'PENDING' | 'APPROVED';
  users: Array<{ id: string }>;
  activityCodeId: string;
  notes?: string;
  fullDayManagementUnitDates?: string[];
  partialDayStartDateTimes?: string[];
  dailyDurationMinutes?: number;
  durationMinutes?: number[];
  payableMinutes?: number[];
  paid?: boolean;
}

/** SDK `TimeOffRequestQueryBody`. */
export interface TimeOffRequestQueryBody {
  ids?: string[];
  userIds?: string[];
  statuses?: TimeOffRequestStatus[];
  substatuses?: string[];
  dateRange?: { startDate?: string; endDate?: string };
}

/** SDK `AdminTimeOffRequestPatch`: `metadata.version` must be the current one (else 409). */
export interface AdminTimeOffRequestPatch {
  status?: 'PENDING' | 'APPROVED' | 'DENIED';
  activityCodeId?: string;
  paid?: boolean;
  notes?: string;
  fullDayManagementUnitDates?: string[];
  partialDayStartDateTimes?: string[];
  dailyDurationMinutes?: number;
  durationMinutes?: number[];
  payableMinutes?: number[];
  metadata: WfmVersionReference;
}

/** A listing moved to `downloadUrl`: the same shape, never with another `downloadUrl`. */
export const DownloadedTimeOffRequestListingSchema = genesysObject({
  entities: z.array(TimeOffRequestListItemSchema),
});
export type DownloadedTimeOffRequestListing = z.infer<typeof DownloadedTimeOffRequestListingSchema>;
