import { z } from 'zod';
import { UserReferenceSchema, WfmVersionedEntityMetadataSchema, type WfmVersionReference } from './common.js';
import { genesysObject } from './genesys-object.js';

export const AsyncOperationStatusSchema = z.enum(['Processing', 'Complete', 'Canceled', 'Error']);
export type AsyncOperationStatus = z.infer<typeof AsyncOperationStatusSchema>;

/** SDK `BuScheduleMetadata`: the schedule and its own version. */
export const BuScheduleMetadataSchema = genesysObject({
  id: z.string(),
  weekDate: z.string().optional(),
  weekCount: z.number().int().optional(),
  description: z.string().optional(),
  published: z.boolean().optional(),
  managementUnits: z.array(genesysObject({})).optional(),
  metadata: WfmVersionedEntityMetadataSchema,
});
export type BuScheduleMetadata = z.infer<typeof BuScheduleMetadataSchema>;

export const BuAgentScheduleActivitySchema = genesysObject({
  startDate: z.string(),
  lengthMinutes: z.number().int(),
  description: z.string().optional(),
  activityCodeId: z.string(),
  paid: z.boolean().optional(),
  payableMinutes: z.number().int().optional(),
  timeOffRequestId: z.string().optional(),
});
/** SDK `BuAgentScheduleActivity`. */
export type BuAgentScheduleActivity = z.infer<typeof BuAgentScheduleActivitySchema>;

export const BuAgentScheduleShiftSchema = genesysObject({
  id: z.string().optional(),
  startDate: z.string(),
  lengthMinutes: z.number().int(),
  activities: z.array(BuAgentScheduleActivitySchema).optional(),
  manuallyEdited: z.boolean().optional(),
});
/** SDK `BuAgentScheduleShift`. */
export type BuAgentScheduleShift = z.infer<typeof BuAgentScheduleShiftSchema>;

export const BuFullDayTimeOffMarkerSchema = genesysObject({
  businessUnitDate: z.string().optional(),
  lengthMinutes: z.number().int().optional(),
  description: z.string().optional(),
  activityCodeId: z.string().optional(),
  paid: z.boolean().optional(),
  payableMinutes: z.number().int().optional(),
  timeOffRequestId: z.string().optional(),
});
/** SDK `BuFullDayTimeOffMarker`. */
export type BuFullDayTimeOffMarker = z.infer<typeof BuFullDayTimeOffMarkerSchema>;

export const BuAgentScheduleQueryResponseSchema = genesysObject({
  user: UserReferenceSchema,
  shifts: z.array(BuAgentScheduleShiftSchema).optional(),
  fullDayTimeOffMarkers: z.array(BuFullDayTimeOffMarkerSchema).optional(),
  metadata: WfmVersionedEntityMetadataSchema,
});
/** SDK `BuAgentScheduleQueryResponse`: one agent's schedule and its version. */
export type BuAgentScheduleQueryResponse = z.infer<typeof BuAgentScheduleQueryResponseSchema>;

export const BuAgentSchedulesQueryResponseSchema = genesysObject({
  agentSchedules: z.array(BuAgentScheduleQueryResponseSchema),
  businessUnitTimeZone: z.string().optional(),
});
/** SDK `BuAgentSchedulesQueryResponse`. */
export type BuAgentSchedulesQueryResponse = z.infer<typeof BuAgentSchedulesQueryResponseSchema>;

/**
 * SDK `BuAsyncAgentSchedulesQueryResponse`. A large answer may carry `downloadUrl` instead of
 * `result`; the client follows it and fills `result`.
 */
export const BuAsyncAgentSchedulesQueryResponseSchema = genesysObject({
  status: AsyncOperationStatusSchema,
  operationId: z.string().optional(),
  result: BuAgentSchedulesQueryResponseSchema.optional(),
  progress: z.number().optional(),
  downloadUrl: z.string().optional(),
});
export type BuAsyncAgentSchedulesQueryResponse = z.infer<typeof BuAsyncAgentSchedulesQueryResponseSchema>;

/** SDK `BuQueryAgentSchedulesRequest`: only the given management unit's agents are answered. */
export interface BuQueryAgentSchedulesRequest {
  managementUnitId: string;
  userIds?: string[];
  teamIds?: string[];
}

/** SDK `UploadUrlRequestBody`. */
export interface UploadUrlRequestBody {
  /** Exact length of the gzip-compressed body that will be PUT. */
  contentLengthBytes: number;
}

/** SDK `UpdateScheduleUploadResponse`: where to PUT the body, and with which headers. */
export const UpdateScheduleUploadResponseSchema = genesysObject({
  uploadKey: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type UpdateScheduleUploadResponse = z.infer<typeof UpdateScheduleUploadResponseSchema>;

/** SDK `ProcessScheduleUpdateUploadRequest`. */
export interface ProcessScheduleUpdateUploadRequest {
  uploadKey: string;
  teamIds?: string[];
  managementUnitIdsForAddedTeamUsers?: string[];
}

/** SDK `BuAsyncScheduleResponse`: `result` only once `status` is Complete. */
export const BuAsyncScheduleResponseSchema = genesysObject({
  status: AsyncOperationStatusSchema,
  operationId: z.string().optional(),
  result: BuScheduleMetadataSchema.optional(),
});
export type BuAsyncScheduleResponse = z.infer<typeof BuAsyncScheduleResponseSchema>;

/** SDK `BuUpdateAgentScheduleShift`. */
export interface BuUpdateAgentScheduleShift {
  id?: string;
  startDate?: string;
  lengthMinutes?: number;
  activities?: Array<{
    startDate: string;
    lengthMinutes: number;
    activityCodeId: string;
    description?: string;
    paid?: boolean;
    payableMinutes?: number;
    timeOffRequestId?: string;
  }>;
  manuallyEdited?: boolean;
  delete?: boolean;
}

/** SDK `BuUpdateAgentScheduleUploadSchema`: `metadata` required when the agent already has a schedule. */
export interface BuUpdateAgentScheduleUploadSchema {
  userId: string;
  shifts?: BuUpdateAgentScheduleShift[];
  fullDayTimeOffMarkers?: Array<{
    businessUnitDate?: string;
    lengthMinutes?: number;
    description?: string;
    activityCodeId?: string;
    paid?: boolean;
    payableMinutes?: number;
    timeOffRequestId?: string;
    delete?: boolean;
  }>;
  metadata?: WfmVersionReference;
  delete?: boolean;
}

/** SDK `UpdateScheduleUploadSchema`: the gzip-compressed JSON of a schedule update. */
export interface UpdateScheduleUploadSchema {
  description?: string;
  published?: boolean;
  agentSchedules?: BuUpdateAgentScheduleUploadSchema[];
  metadata: WfmVersionReference;
}
