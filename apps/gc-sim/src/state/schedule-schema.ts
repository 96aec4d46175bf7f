import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });
const versionedMetadata = z.looseObject({ version: z.int().min(0) });

/** SDK model `BuAgentScheduleActivity` (description defaults to empty, as clients often leave it out). */
export const scheduleActivitySchema = z.looseObject({
  startDate: isoDateTime,
  lengthMinutes: z.int().min(1),
  description: z.string().default(''),
  activityCodeId: z.string().min(1),
  paid: z.boolean().optional(),
});

/** SDK model `BuUpdateAgentScheduleShift`. */
export const scheduleShiftSchema = z.looseObject({
  id: z.string().optional(),
  startDate: isoDateTime,
  lengthMinutes: z.int().min(1),
  activities: z.array(scheduleActivitySchema).default([]),
  manuallyEdited: z.boolean().optional(),
  delete: z.boolean().optional(),
});

/** SDK model `BuUpdateAgentScheduleUploadSchema`. */
export const agentScheduleUploadSchema = z.looseObject({
  userId: z.string().min(1),
  shifts: z.array(scheduleShiftSchema).optional(),
  fullDayTimeOffMarkers: z.array(z.looseObject({})).optional(),
  metadata: versionedMetadata.optional(),
  delete: z.boolean().optional(),
});

/** SDK model `UpdateScheduleUploadSchema`: the gzip-compressed JSON that step 2 of an update uploads. */
export const updateScheduleUploadSchema = z.looseObject({
  description: z.string().optional(),
  published: z.boolean().optional(),
  agentSchedules: z.array(agentScheduleUploadSchema).optional(),
  metadata: versionedMetadata,
});

export const uploadUrlRequestSchema = z.object({
  contentLengthBytes: z
    .int()
    .min(1)
    .max(64 * 1024 * 1024),
});
export const processUpdateRequestSchema = z.object({
  uploadKey: z.string().min(1),
  teamIds: z.array(z.string()).optional(),
  managementUnitIdsForAddedTeamUsers: z.array(z.string()).optional(),
});
export const agentSchedulesQuerySchema = z.object({
  managementUnitId: z.string().min(1),
  userIds: z.array(z.string()).optional(),
  teamIds: z.array(z.string()).optional(),
});

export type ScheduleShiftUpload = z.infer<typeof scheduleShiftSchema>;
export type UpdateScheduleUpload = z.infer<typeof updateScheduleUploadSchema>;
export type AgentSchedulesQuery = z.infer<typeof agentSchedulesQuerySchema>;
