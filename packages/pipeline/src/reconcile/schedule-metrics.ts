export const SCHEDULE_UPLOAD_OUTCOMES = ['complete', 'stale', 'retry', 'invalid'] as const;
export type ScheduleUploadOutcome = (typeof SCHEDULE_UPLOAD_OUTCOMES)[number];
