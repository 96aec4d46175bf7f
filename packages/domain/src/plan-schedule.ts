import type { Shift } from './events.js';
import type { SyncKey } from './keys.js';
import {
  type FieldChange,
  type Plan,
  type PlannedCall,
  type PlanReason,
  reasonForDifference,
} from './plan.js';

/**
 * A shift as either side describes it: the WFM event (`Shift`) or Genesys' agent schedule, which adds ids,
 * descriptions, pay flags and writes timestamps with or without milliseconds.
 */
export interface ShiftLike {
  startDate: string;
  lengthMinutes: number;
  activities?: readonly { activityCodeId: string; startDate: string; lengthMinutes: number }[];
}

/** Only what the sync owns, in one order and one time notation, so equal schedules compare equal. */
export interface NormalizedShift {
  startDate: string;
  lengthMinutes: number;
  activities: { activityCodeId: string; startDate: string; lengthMinutes: number }[];
}

function canonicalInstant(value: string): string {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

function byStart<T extends { startDate: string }>(a: T, b: T): number {
  return a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0;
}

export function normalizeShifts(shifts: readonly ShiftLike[]): NormalizedShift[] {
  return shifts
    .map((shift) => ({
      startDate: canonicalInstant(shift.startDate),
      lengthMinutes: shift.lengthMinutes,
      activities: (shift.activities ?? [])
        .map((a) => ({
          activityCodeId: a.activityCodeId,
          startDate: canonicalInstant(a.startDate),
          lengthMinutes: a.lengthMinutes,
        }))
        .sort((a, b) => byStart(a, b) || a.activityCodeId.localeCompare(b.activityCodeId)),
    }))
    .sort((a, b) => byStart(a, b) || a.lengthMinutes - b.lengthMinutes);
}

/** A string equal for two shift lists exactly when they are the same schedule (compare or hash it). */
export function shiftsFingerprint(shifts: readonly ShiftLike[]): string {
  return JSON.stringify(normalizeShifts(shifts));
}

export function sameShifts(a: readonly ShiftLike[], b: readonly ShiftLike[]): boolean {
  return shiftsFingerprint(a) === shiftsFingerprint(b);
}

/** `5 shifts, 2400 min from 2026-11-23T01:00:00.000Z`: enough for an operator to see what differs. */
export function describeShifts(shifts: readonly ShiftLike[]): string {
  const normalized = normalizeShifts(shifts);
  if (normalized.length === 0) return 'no shifts';
  const minutes = normalized.reduce((sum, s) => sum + s.lengthMinutes, 0);
  const noun = normalized.length === 1 ? 'shift' : 'shifts';
  return `${normalized.length} ${noun}, ${minutes} min from ${normalized[0]!.startDate}`;
}

/** One agent whose desired shifts are newer than what wfm-sync last applied. */
export interface ScheduleAgentInput {
  userId: string;
  managementUnitId: string;
  /** The agent's desired-state revision (per agent, like any key's rev). */
  rev: number;
  desired: readonly Shift[];
  /** Genesys' agent schedule; undefined when the schedule does not have the agent yet. */
  current?: { shifts: readonly ShiftLike[]; version: number };
  /** Whether what wfm-sync last applied equals `desired`; undefined when it never applied anything. */
  lastAppliedEqualsDesired?: boolean;
}

export interface ScheduleAgentDecision {
  userId: string;
  managementUnitId: string;
  rev: number;
  action: 'upload' | 'in-step';
  reason: PlanReason;
  /** The agent version to upload with (Genesys rejects an agent already in the schedule without it). */
  currentVersion?: number;
}

export interface ScheduleUploadLimits {
  /** Agents per upload; more are split. @defaultValue 200 */
  maxAgents: number;
  /** Bytes of upload JSON (before gzip) per upload; more are split. @defaultValue 4 MiB */
  maxBytes: number;
}

export const DEFAULT_SCHEDULE_UPLOAD_LIMITS: ScheduleUploadLimits = {
  maxAgents: 200,
  maxBytes: 4 * 1024 * 1024,
};

export interface SchedulePlan extends Plan {
  /** The schedule version the uploads must carry. */
  scheduleVersion: number;
  agents: ScheduleAgentDecision[];
  /** userIds per upload, in order; every agent to upload is in exactly one. */
  uploads: string[][];
}

export interface SchedulePlanInput {
  key: SyncKey;
  scheduleVersion: number;
  agents: readonly ScheduleAgentInput[];
  limits?: ScheduleUploadLimits;
}

/** Upload JSON bytes one agent adds (its entry in `agentSchedules`), as the split measures it. */
export function uploadEntryBytes(agent: {
  userId: string;
  desired: readonly Shift[];
  currentVersion?: number;
}): number {
  const entry = {
    userId: agent.userId,
    shifts: agent.desired,
    ...(agent.currentVersion === undefined ? {} : { metadata: { version: agent.currentVersion } }),
  };
  // +1 for the comma between entries.
  return new TextEncoder().encode(JSON.stringify(entry)).length + 1;
}

/** Cuts a list into consecutive groups of at most `maxAgents` entries and `maxBytes` bytes (one oversized entry goes alone). */
export function splitUploads<T>(
  items: readonly T[],
  limits: ScheduleUploadLimits,
  bytesOf: (item: T) => number,
): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = bytesOf(item);
    if (group.length > 0 && (group.length >= limits.maxAgents || bytes + size > limits.maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(item);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Plan for one schedule: upload, in as few uploads as the limits allow, every given agent whose Genesys shifts
 * differ from its desired shifts; leave out the ones already equal. Each agent carries its own reason.
 */
export function planScheduleUpload(input: SchedulePlanInput): SchedulePlan {
  const limits = input.limits ?? DEFAULT_SCHEDULE_UPLOAD_LIMITS;
  const agents: ScheduleAgentDecision[] = [];
  const changes: FieldChange[] = [];
  const toUpload: { userId: string; desired: readonly Shift[]; currentVersion?: number }[] = [];
  for (const agent of input.agents) {
    const current = agent.current;
    const base = {
      userId: agent.userId,
      managementUnitId: agent.managementUnitId,
      rev: agent.rev,
      ...(current === undefined ? {} : { currentVersion: current.version }),
    };
    if (current !== undefined && sameShifts(agent.desired, current.shifts)) {
      agents.push({ ...base, action: 'in-step', reason: 'in-step' });
      continue;
    }
    const reason = current === undefined ? 'first-sync' : reasonForDifference(agent.lastAppliedEqualsDesired);
    agents.push({ ...base, action: 'upload', reason });
    changes.push({
      field: `${agent.userId}.shifts`,
      current: current === undefined ? 'not in the schedule' : describeShifts(current.shifts),
      desired: describeShifts(agent.desired),
    });
    toUpload.push({ userId: agent.userId, desired: agent.desired, currentVersion: current?.version });
  }
  const uploads = splitUploads(toUpload, limits, uploadEntryBytes).map((group) => group.map((a) => a.userId));
  const calls: PlannedCall[] = uploads.map((group) => ({
    method: 'POST',
    resource: 'wfm-schedule-update',
    target: `${input.key.id} (${group.length} ${group.length === 1 ? 'agent' : 'agents'})`,
  }));
  return {
    key: input.key,
    reason: overallReason(agents),
    detail: planDetail(agents, uploads.length),
    changes,
    calls,
    scheduleVersion: input.scheduleVersion,
    agents,
    uploads,
  };
}

function overallReason(agents: readonly ScheduleAgentDecision[]): PlanReason {
  if (agents.length === 0) return 'no-desired-state';
  const uploading = agents.filter((a) => a.action === 'upload');
  if (uploading.length === 0) return 'in-step';
  const reasons = new Set(uploading.map((a) => a.reason));
  // Mixed reasons: "changed" says best that wfm-sync is about to write.
  return reasons.size === 1 ? uploading[0]!.reason : 'changed';
}

function planDetail(agents: readonly ScheduleAgentDecision[], uploadCount: number): string {
  const counts = new Map<PlanReason, number>();
  for (const agent of agents) counts.set(agent.reason, (counts.get(agent.reason) ?? 0) + 1);
  const uploading = agents.filter((a) => a.action === 'upload').length;
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
  const uploads = uploadCount === 1 ? '1 upload' : `${uploadCount} uploads`;
  return `${uploading} of ${agents.length} agents to upload in ${uploads} (${parts || 'none'})`;
}
