import { createHash } from 'node:crypto';
import {
  keyMember,
  type ScheduleAgentData,
  type ShiftLike,
  type SyncKey,
  scheduleAgentDataSchema,
  shiftsFingerprint,
} from '@wfm-sync/domain';
import { LuaScript, type RedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import { LeaseLostError } from '../errors/lease-lost.js';
import { FENCED_FIELD_LUA, FINISH_SCHEDULE_RUN_LUA, RECORD_SCHEDULE_AGENTS_LUA } from './lua/schedule.js';
import type { PipelineNames } from './names.js';

const recordAgents = new LuaScript('record-schedule-agents', RECORD_SCHEDULE_AGENTS_LUA);
const finishRun = new LuaScript('finish-schedule-run', FINISH_SCHEDULE_RUN_LUA);
const fencedField = new LuaScript('fenced-field', FENCED_FIELD_LUA);

/** Field of the schedule's state hash naming an update that may still be running (see ScheduleOperationMarker). */
const OPERATION_FIELD = 'operation';

/** One agent of a schedule as Redis has it: desired shifts (from ingest) and what runs recorded. */
export interface ScheduleAgentRecord {
  userId: string;
  /** Undefined when the stored desired state does not parse (it is dead-lettered, never uploaded). */
  desired: ScheduleAgentData | undefined;
  rev: number;
  appliedRev: number;
  /** Rev at which the agent was dead-lettered on its own (0: never). */
  deadRev: number;
  /** Hash of the shifts wfm-sync last saw applied (see fingerprintOf). */
  appliedFingerprint: string | undefined;
  /** Why the latest decision for this agent was taken (set with its status). */
  reason: string | undefined;
}

/** Newer than anything applied or dead-lettered: the agent needs a run. */
export function isBehind(agent: ScheduleAgentRecord): boolean {
  return agent.rev > agent.appliedRev && agent.rev > agent.deadRev;
}

/** Short, stable identity of a list of shifts (hash of the normalized form). */
export function fingerprintOf(shifts: readonly ShiftLike[]): string {
  return createHash('sha1').update(shiftsFingerprint(shifts)).digest('hex');
}

export type AgentOutcome =
  | { userId: string; outcome: 'applied' | 'noop'; rev: number; fingerprint: string }
  | { userId: string; outcome: 'dead-lettered'; rev: number; reason: string };

/**
 * An update that was (or may have been) started and not yet seen to end: written before the update request,
 * deleted once the run saw its effect or its deadline passed. A run that finds one waits for it first, so a
 * worker that took over a crashed worker's schedule never starts a second update while the first may still run.
 */
export const scheduleOperationMarkerSchema = z.object({
  /** After this (epoch ms) the update counts as failed. */
  deadline: z.number(),
  /** The schedule version the update was uploaded with. */
  scheduleVersion: z.number(),
  agents: z.array(z.object({ userId: z.string(), managementUnitId: z.string(), fingerprint: z.string() })),
});
export type ScheduleOperationMarker = z.infer<typeof scheduleOperationMarkerSchema>;

function num(value: string | null | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Reads and, fenced by the schedule's lease, records the per-agent state of schedules. */
export class ScheduleAgentStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly names: PipelineNames,
  ) {}

  async load(key: SyncKey): Promise<ScheduleAgentRecord[]> {
    const keys = this.names.org(key.orgId);
    const userIds = (await this.redis.smembers(keys.scheduleAgents(key.id))).sort();
    if (userIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) {
      pipeline.hmget(
        keys.scheduleAgentState(key.id, userId),
        'desired',
        'rev',
        'appliedRev',
        'deadRev',
        'appliedFingerprint',
        'reason',
      );
    }
    const replies = (await pipeline.exec()) ?? [];
    return userIds.map((userId, i) => {
      const [error, value] = replies[i] ?? [new Error('no reply'), undefined];
      if (error) throw error;
      const [desiredJson, rev, appliedRev, deadRev, appliedFingerprint, reason] = value as (string | null)[];
      return {
        userId,
        desired: parseDesired(desiredJson),
        rev: num(rev),
        appliedRev: num(appliedRev),
        deadRev: num(deadRev),
        appliedFingerprint: appliedFingerprint ?? undefined,
        reason: reason || undefined,
      };
    });
  }

  /** Records per-agent outcomes; throws LeaseLostError when the lease is no longer ours. */
  async record(key: SyncKey, token: string, outcomes: readonly AgentOutcome[], now: number): Promise<void> {
    if (outcomes.length === 0) return;
    const keys = this.names.org(key.orgId);
    const args: (string | number)[] = [token, now];
    for (const o of outcomes) {
      if (o.outcome === 'dead-lettered') args.push(o.outcome, o.rev, '', o.reason);
      else args.push(o.outcome, o.rev, o.fingerprint, '');
    }
    const result = await recordAgents.runNumber(
      this.redis,
      [keys.lease(key.kind, key.id), ...outcomes.map((o) => keys.scheduleAgentState(key.id, o.userId))],
      args,
    );
    if (result < 0) throw new LeaseLostError(key);
  }

  /** Ends a run (see FINISH_SCHEDULE_RUN_LUA); returns how many agents are still behind. */
  async finish(
    key: SyncKey,
    token: string,
    userIds: readonly string[],
    summary: { status: 'applied' | 'noop'; reason: string; planJson?: string; verified: boolean },
    now: number,
  ): Promise<number> {
    const keys = this.names.org(key.orgId);
    const behind = await finishRun.runNumber(
      this.redis,
      [
        keys.lease(key.kind, key.id),
        keys.due,
        keys.state(key.kind, key.id),
        keys.scheduleAgents(key.id),
        ...userIds.map((userId) => keys.scheduleAgentState(key.id, userId)),
      ],
      [
        token,
        now,
        keyMember(key),
        summary.status,
        summary.reason,
        summary.planJson ?? '',
        summary.verified ? 1 : 0,
      ],
    );
    if (behind < 0) throw new LeaseLostError(key);
    return behind;
  }

  async operation(key: SyncKey): Promise<ScheduleOperationMarker | undefined> {
    const raw = await this.redis.hget(this.names.stateKey(key), OPERATION_FIELD);
    if (!raw) return undefined;
    const parsed = scheduleOperationMarkerSchema.safeParse(JSON.parse(raw));
    // A marker this version cannot read names nothing it could wait for; the deadline bounds the risk anyway.
    return parsed.success ? parsed.data : undefined;
  }

  async setOperation(key: SyncKey, token: string, marker: ScheduleOperationMarker): Promise<void> {
    await this.fenced(key, token, JSON.stringify(marker));
  }

  async clearOperation(key: SyncKey, token: string): Promise<void> {
    await this.fenced(key, token, '');
  }

  private async fenced(key: SyncKey, token: string, value: string): Promise<void> {
    const keys = this.names.org(key.orgId);
    const result = await fencedField.runNumber(
      this.redis,
      [keys.lease(key.kind, key.id), keys.state(key.kind, key.id)],
      [token, OPERATION_FIELD, value],
    );
    if (result < 0) throw new LeaseLostError(key);
  }
}

function parseDesired(json: string | null | undefined): ScheduleAgentData | undefined {
  if (!json) return undefined;
  try {
    const parsed = scheduleAgentDataSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
