import { type ScheduleAgentData, type TimeOffData, timeOffNotes } from '@wfm-sync/domain';
import {
  type AdminTimeOffRequestPatch,
  type Campaign,
  createGenesysClient,
  GenesysApiError,
  type GenesysClient,
  WriteRefusedError,
} from '@wfm-sync/genesys-client';
import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { StrategyEnvironment } from '../strategies/types.js';
import type { BaselineWrite } from './sync-model.js';

/** A write with everything it needs captured, so that sending it again repeats exactly the same request. */
export type PreparedWrite = () => Promise<void>;

/** What a baseline remembers of a time-off request it created: the id and the version of the last answer. */
interface KnownTimeOff {
  id: string;
  version: number;
}

/**
 * The baselines' side of Genesys: the same client package as wfm-sync (one client per org, budget and token shared
 * through Redis). A campaign is read once, the first time it is written; after that the baseline writes from its
 * copy and keeps the copy a successful PUT returns. It never re-reads, so an administrator's edit turns every later
 * write of that campaign into a 409. Time-off works the same way: the id and version of the create's answer, then
 * of each PATCH's answer; a create whose answer was lost leaves no id, so the next event creates again. A schedule
 * event reads the schedule's and the agent's versions and uploads that one agent; the update's 202 counts as done
 * (no one watches the operation).
 *
 * Every baseline puts the same marker in a request's notes as wfm-sync, so that the simulator counts their
 * duplicate creates too.
 */
export class BaselineWriter {
  private readonly clients = new Map<string, GenesysClient>();
  private readonly campaigns = new Map<string, Promise<Campaign>>();
  private readonly timeOff = new Map<string, KnownTimeOff>();

  constructor(env: StrategyEnvironment, redis: RedisConnection) {
    for (const org of env.topology.orgs) {
      const secretName = org.clientSecret.replace(/^env:/, '');
      this.clients.set(
        org.id,
        createGenesysClient({
          org: {
            id: org.id,
            apiBaseUrl: org.apiBaseUrl,
            loginBaseUrl: org.loginBaseUrl,
            clientId: org.clientId,
            clientSecret: env.secrets[secretName] ?? org.clientSecret,
            requestsPerMinute: org.requestsPerMinute ?? 300,
            mode: 'live',
          },
          redis,
          keyPrefix: env.prefix,
          logger: env.logger.child({ component: 'baseline-client', org: org.id }),
        }),
      );
    }
  }

  /** Reads what the write needs (a campaign's first version, a schedule's versions) and returns the request to send. */
  async prepare(write: BaselineWrite): Promise<PreparedWrite> {
    const client = this.client(write.orgId);
    switch (write.kind) {
      case 'agent':
        return async () => {
          await client.putUtilization(write.userId, { utilization: write.utilization });
        };
      case 'campaign':
        return this.prepareCampaign(client, write.orgId, write.campaignId, write.lines);
      case 'timeoff':
        return this.prepareTimeOff(client, write.orgId, write.data);
      case 'schedule':
        return this.prepareSchedule(client, write.data);
    }
  }

  private async prepareCampaign(
    client: GenesysClient,
    orgId: string,
    campaignId: string,
    lines: number,
  ): Promise<PreparedWrite> {
    const key = `${orgId}/${campaignId}`;
    let copy = this.campaigns.get(key);
    if (!copy) {
      const reading = client.getCampaign(campaignId);
      this.campaigns.set(key, reading);
      // A failed first read is read again by the next write rather than cached as a failure; the error itself
      // reaches the caller through `await` below.
      reading.catch(() => {
        if (this.campaigns.get(key) === reading) this.campaigns.delete(key);
      });
      copy = reading;
    }
    const base = await copy;
    return async () => {
      const written = await client.putCampaign({ ...base, outboundLineCount: lines });
      this.campaigns.set(key, Promise.resolve(written));
    };
  }

  /** The version token is taken now: a retry of the prepared PATCH sends the same one. */
  private prepareTimeOff(client: GenesysClient, orgId: string, data: TimeOffData): PreparedWrite {
    const key = `${orgId}/${data.externalId}`;
    const notes = timeOffNotes(data.notes, data.externalId);
    const known = this.timeOff.get(key);
    if (!known) {
      // Nothing it knows of to cancel.
      const { status } = data;
      if (status === 'CANCELED') return async () => {};
      return async () => {
        const answer = await client.createTimeOffRequests(data.managementUnitId, {
          status,
          users: [{ id: data.userId }],
          activityCodeId: data.activityCodeId,
          fullDayManagementUnitDates: data.fullDayManagementUnitDates,
          notes,
        });
        const created = answer.timeOffRequests[0];
        if (created) this.timeOff.set(key, { id: created.id, version: created.metadata.version });
      };
    }
    const { id, version } = known;
    return async () => {
      const answer = await client.patchTimeOffRequest(data.managementUnitId, data.userId, id, {
        status: data.status,
        activityCodeId: data.activityCodeId,
        fullDayManagementUnitDates: data.fullDayManagementUnitDates,
        notes,
        metadata: { version },
        // The SDK's patch model lacks CANCELED, which the endpoint takes (as in wfm-sync's time-off reconciler).
      } as AdminTimeOffRequestPatch);
      this.timeOff.set(key, { id, version: answer.metadata.version });
    };
  }

  /** Reads the versions once; a retry of the prepared upload quotes the same ones. */
  private async prepareSchedule(client: GenesysClient, data: ScheduleAgentData): Promise<PreparedWrite> {
    const { businessUnitId, weekId, scheduleId, userId } = data;
    const [schedule, agents] = await Promise.all([
      client.getSchedule(businessUnitId, weekId, scheduleId),
      client.queryAgentSchedules(businessUnitId, weekId, scheduleId, {
        managementUnitId: data.managementUnitId,
        userIds: [userId],
      }),
    ]);
    const agentVersion = agents.result?.agentSchedules?.find((a) => a.user.id === userId)?.metadata.version;
    return async () => {
      await client.updateSchedule(businessUnitId, weekId, scheduleId, {
        metadata: { version: schedule.metadata.version },
        agentSchedules: [
          {
            userId,
            shifts: data.shifts.map((shift) => ({ ...shift, activities: [...shift.activities] })),
            ...(agentVersion === undefined ? {} : { metadata: { version: agentVersion } }),
          },
        ],
      });
    };
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }

  private client(orgId: string): GenesysClient {
    const client = this.clients.get(orgId);
    if (!client) throw new Error(`no Genesys client for org ${orgId}`);
    return client;
  }
}

/** A short name for why a write failed, for the baselines' own tally. */
export function failureKind(error: unknown): string {
  if (error instanceof GenesysApiError) return error.status === undefined ? error.kind : `${error.status}`;
  if (error instanceof WriteRefusedError) return `refused-${error.reason}`;
  return error instanceof Error ? error.name : 'unknown';
}

export function isConflict(error: unknown): boolean {
  return error instanceof GenesysApiError && error.status === 409;
}

/** A 429 from Genesys, or the client refusing to wait longer for the org's budget. */
export function isRateLimited(error: unknown): boolean {
  return error instanceof GenesysApiError && error.kind === 'rate-limited';
}
