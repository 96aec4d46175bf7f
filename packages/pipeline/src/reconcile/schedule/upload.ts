import type { Shift, ShiftLike, SyncKey } from '@wfm-sync/domain';
import {
  type BuAsyncScheduleResponse,
  GenesysApiError,
  type GenesysClient,
  gzipScheduleBody,
  type UpdateScheduleUploadSchema,
  UploadUrlRefusedError,
} from '@wfm-sync/genesys-client';
import type { Logger } from '@wfm-sync/observability';
import type { OperationWait } from '../../notifications/operation-ends.js';
import type { Lease } from '../../store/lease.js';
import {
  fingerprintOf,
  type ScheduleAgentStore,
  type ScheduleOperationMarker,
} from '../../store/schedule-agents.js';

export interface ScheduleIds {
  businessUnitId: string;
  weekId: string;
  scheduleId: string;
}

/** An agent schedule as Genesys answers it: what the plan compares and the version an upload must quote. */
export interface CurrentAgentSchedule {
  shifts: readonly ShiftLike[];
  version: number;
}

/**
 * Reads the agent schedules of the given agents: one query per management unit (Genesys answers only the
 * unit's agents), naming only these agents. An agent missing from the answer is not in the schedule.
 */
export async function readAgentSchedules(
  client: GenesysClient,
  ids: ScheduleIds,
  agents: readonly { userId: string; managementUnitId: string }[],
): Promise<Map<string, CurrentAgentSchedule>> {
  const byUnit = new Map<string, string[]>();
  for (const agent of agents) {
    const list = byUnit.get(agent.managementUnitId) ?? [];
    list.push(agent.userId);
    byUnit.set(agent.managementUnitId, list);
  }
  const current = new Map<string, CurrentAgentSchedule>();
  for (const [managementUnitId, userIds] of byUnit) {
    const answer = await client.queryAgentSchedules(ids.businessUnitId, ids.weekId, ids.scheduleId, {
      managementUnitId,
      userIds,
    });
    for (const schedule of answer.result?.agentSchedules ?? []) {
      current.set(schedule.user.id, { shifts: schedule.shifts ?? [], version: schedule.metadata.version });
    }
  }
  return current;
}

export interface UploadAgent {
  userId: string;
  managementUnitId: string;
  shifts: readonly Shift[];
  /** Genesys' version of the agent's schedule; undefined for an agent not in the schedule yet. */
  version: number | undefined;
}

/** How one upload ended. Failures that say nothing about this upload (429, lease lost) are thrown instead. */
export type UploadResult =
  /** Genesys shows the upload: `scheduleVersion` is the schedule's version after it, when known. */
  | { kind: 'complete'; scheduleVersion: number | undefined }
  /** Nothing was applied because a version was stale (409, an "Error" operation, or no effect by the deadline). */
  | { kind: 'stale'; detail: string }
  /** Nothing was started (publishing-window 409, a 5xx before the update step): the same upload may go again. */
  | { kind: 'retry'; error: GenesysApiError }
  /** Genesys refused the content (400): some agent in it is invalid. */
  | { kind: 'invalid'; error: GenesysApiError };

/** Schedule operation ends heard from Genesys (decision 024), as the worker's listening offers them. */
export interface ScheduleListening {
  /** Subscribes the business unit's schedules topic; true when it is on a live channel within `timeoutMs`. */
  listenToBusinessUnit(orgId: string, businessUnitId: string, timeoutMs: number): Promise<boolean>;
  /** The end of `operationId` (heard already, or within `timeoutMs`), a gap on its topic, or a timeout. */
  waitForEnd(businessUnitId: string, operationId: string, timeoutMs: number): Promise<OperationWait>;
}

/** One uploader's view of listening: whether the unit's topic is live now, and the wait for an end. */
export interface UploadListening {
  /** Asked before each update (subscribes the unit's topic; waits a little the first time). */
  live(): Promise<boolean>;
  waitForEnd: ScheduleListening['waitForEnd'];
  /**
   * With the topic live, reads start only after this much silence (a push may go missing even on a live
   * channel): a lost message costs at most this plus today's reads. @defaultValue 10000
   */
  readAfterMs?: number;
}

export interface ScheduleUploaderOptions {
  client: GenesysClient;
  store: ScheduleAgentStore;
  key: SyncKey;
  ids: ScheduleIds;
  lease: Lease;
  /** The org's `scheduleOperationTimeoutS` in ms: an update without effect by then has failed. */
  operationTimeoutMs: number;
  /** The lease's length: the update request itself may take that long before the operation starts. */
  leaseTtlMs: number;
  pollInitialMs: number;
  pollMaxMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  /** Without it (or with the topic not live), an update's end is observed by reading only. */
  listening?: UploadListening;
}

/**
 * One schedule update at a time: the three steps (upload URL, gzip PUT, update), each right after extending the
 * lease, then — without a notification channel — reading until the update shows its effect or its deadline
 * passes. An update that may have started is recorded on the schedule first (ScheduleOperationMarker).
 */
export class ScheduleUploader {
  constructor(private readonly o: ScheduleUploaderOptions) {}

  async upload(scheduleVersion: number, agents: readonly UploadAgent[]): Promise<UploadResult> {
    const { client, ids, lease } = this.o;
    const body: UpdateScheduleUploadSchema = {
      metadata: { version: scheduleVersion },
      agentSchedules: agents.map((agent) => ({
        userId: agent.userId,
        shifts: agent.shifts.map((shift) => ({ ...shift, activities: [...shift.activities] })),
        ...(agent.version === undefined ? {} : { metadata: { version: agent.version } }),
      })),
    };
    const gzipped = await gzipScheduleBody(body);
    const live = (await this.o.listening?.live().catch(() => false)) ?? false;
    try {
      const target = await client.requestScheduleUploadUrl(
        ids.businessUnitId,
        ids.weekId,
        ids.scheduleId,
        { contentLengthBytes: gzipped.length },
        { deadline: await lease.extendForWrite() },
      );
      await client.uploadScheduleBody(target.url, target.headers ?? {}, gzipped, {
        deadline: await lease.extendForWrite(),
      });
      return await this.startAndObserve(target.uploadKey, scheduleVersion, agents, live);
    } catch (error) {
      return this.beforeUpdate(error);
    }
  }

  /**
   * Waits for an update a previous run left unfinished (crash, lost lease): until its agents show its shifts or
   * its deadline passes. Then the marker goes.
   */
  async settle(marker: ScheduleOperationMarker): Promise<'complete' | 'no-effect'> {
    const seen = await this.observe(marker);
    await this.o.store.clearOperation(this.o.key, this.o.lease.token);
    return seen.kind === 'complete' ? 'complete' : 'no-effect';
  }

  /**
   * Failures of steps 1 and 2: no update was started. A write's unreadable 2xx reaches here as `transient`, like a
   * lost answer (UnknownOutcomeError), so it is retried after a re-read, never taken for a refusal.
   */
  private beforeUpdate(error: unknown): UploadResult {
    // Not the agents' fault: never cut the upload down for it; the whole run is dead-lettered (classifyFailure).
    if (error instanceof UploadUrlRefusedError) throw error;
    if (!(error instanceof GenesysApiError)) throw error;
    switch (error.kind) {
      case 'conflict':
      case 'transient':
        return { kind: 'retry', error };
      case 'invalid':
        return { kind: 'invalid', error };
      case 'version-conflict':
        return { kind: 'stale', detail: error.message };
      default:
        throw error;
    }
  }

  private async startAndObserve(
    uploadKey: string,
    scheduleVersion: number,
    agents: readonly UploadAgent[],
    live: boolean,
  ): Promise<UploadResult> {
    const { client, ids, lease, store, key } = this.o;
    const marker: ScheduleOperationMarker = {
      deadline: this.o.now() + this.o.leaseTtlMs + this.o.operationTimeoutMs,
      scheduleVersion,
      agents: agents.map((a) => ({
        userId: a.userId,
        managementUnitId: a.managementUnitId,
        fingerprint: fingerprintOf(a.shifts),
      })),
    };
    await store.setOperation(key, lease.token, marker);
    let started: BuAsyncScheduleResponse;
    try {
      started = await client.startScheduleUpdate(
        ids.businessUnitId,
        ids.weekId,
        ids.scheduleId,
        { uploadKey },
        { deadline: await lease.extendForWrite() },
      );
    } catch (error) {
      if (error instanceof GenesysApiError && error.kind === 'transient') {
        // No answer (or a gateway error): the update may be running. Treat it as started.
        return this.finishObserving(marker);
      }
      await store.clearOperation(key, lease.token);
      throw error;
    }
    if (started.status === 'Complete') {
      await store.clearOperation(key, lease.token);
      return { kind: 'complete', scheduleVersion: started.result?.metadata.version };
    }
    if (started.status === 'Error' || started.status === 'Canceled') {
      await store.clearOperation(key, lease.token);
      return {
        kind: 'stale',
        detail: `update operation ${started.operationId ?? '?'} ended ${started.status}`,
      };
    }
    const observing = { ...marker, deadline: this.o.now() + this.o.operationTimeoutMs };
    const operationId = started.operationId;
    if (live && operationId !== undefined && this.o.listening) {
      const heard = this.o.listening.waitForEnd(
        ids.businessUnitId,
        operationId,
        observing.deadline - this.o.now(),
      );
      return this.finishObserving(observing, { heard, operationId });
    }
    return this.finishObserving(observing);
  }

  private async finishObserving(
    marker: ScheduleOperationMarker,
    message?: AwaitedEnd,
  ): Promise<UploadResult> {
    const seen = await this.observe(marker, message);
    await this.o.store.clearOperation(this.o.key, this.o.lease.token);
    if (seen.kind === 'complete') return { kind: 'complete', scheduleVersion: seen.scheduleVersion };
    if (seen.kind === 'ended') {
      return {
        kind: 'stale',
        detail: `update operation ${message?.operationId ?? '?'} ended ${seen.status}`,
      };
    }
    return {
      kind: 'stale',
      detail: `no effect within ${this.o.operationTimeoutMs} ms (an operation that ended in Error, or a lost update)`,
    };
  }

  /**
   * Reads with backoff until every agent of the marker shows its uploaded shifts (Complete) or the deadline
   * passes. A moved schedule version alone proves nothing: another publisher may have moved it while this
   * update is still running, so the agents' shifts decide.
   *
   * With `message` (the unit's topic was live and the answer named its `operationId`), the end Genesys pushes
   * decides at once: Complete completes, Error or Canceled ends the update with nothing applied. Meanwhile the
   * lease is extended and nothing is read, until a gap on the topic or `readAfterMs` of silence: from then on
   * it reads as without notifications (the message is still taken if it comes). Only this update's
   * `operationId` is waited for, so a message never ends another update of the schedule.
   */
  private async observe(marker: ScheduleOperationMarker, message?: AwaitedEnd): Promise<Observed> {
    const { client, ids, lease, now, sleep, logger } = this.o;
    let delay = this.o.pollInitialMs;
    let heard: Promise<OperationWait> | undefined = message?.heard;
    const readsFrom = now() + (this.o.listening?.readAfterMs ?? 10_000);
    while (now() < marker.deadline) {
      const quiet = heard !== undefined && now() < readsFrom;
      const pause = Math.max(
        0,
        Math.min(quiet ? this.o.pollMaxMs : delay, this.o.pollMaxMs, marker.deadline - now()),
      );
      if (heard) {
        const outcome = await Promise.race([heard, sleep(pause).then(() => undefined)]);
        if (outcome?.kind === 'ended') {
          if (outcome.end.status === 'Complete')
            return { kind: 'complete', scheduleVersion: outcome.end.scheduleVersion };
          return { kind: 'ended', status: outcome.end.status };
        }
        if (outcome !== undefined) {
          // A gap on the topic (or the wait ran out): the message may be lost, read as without notifications.
          heard = undefined;
          delay = this.o.pollInitialMs;
        }
      } else {
        await sleep(pause);
      }
      if (!quiet) delay = Math.min(delay * 2, this.o.pollMaxMs);
      // Keeps the schedule ours while its update may be running: nobody else may start one meanwhile.
      await lease.extendForWrite();
      if (heard !== undefined && now() < readsFrom) continue;
      try {
        const schedule = await client.getSchedule(ids.businessUnitId, ids.weekId, ids.scheduleId);
        if (schedule.metadata.version === marker.scheduleVersion) continue;
        const current = await readAgentSchedules(client, ids, marker.agents);
        const landed = marker.agents.every((agent) => {
          const shifts = current.get(agent.userId)?.shifts;
          return shifts !== undefined && fingerprintOf(shifts) === agent.fingerprint;
        });
        if (landed) return { kind: 'complete', scheduleVersion: undefined };
      } catch (error) {
        if (!(error instanceof GenesysApiError) || error.kind !== 'transient') throw error;
        // A failed read says nothing about the update; the next read may.
        logger.debug({ err: error, schedule: this.o.key.id }, 'schedule poll read failed; polling on');
      }
    }
    return { kind: 'no-effect' };
  }
}

/** An update's end as pushed: the wait on its `operationId`. */
interface AwaitedEnd {
  heard: Promise<OperationWait>;
  operationId: string;
}

type Observed =
  | { kind: 'complete'; scheduleVersion: number | undefined }
  /** Genesys said the operation ended Error or Canceled: nothing of it was applied. */
  | { kind: 'ended'; status: 'Error' | 'Canceled' }
  | { kind: 'no-effect' };
