import type { ScheduleAgentData } from '@wfm-sync/domain';
import {
  type FaultProfile,
  type NotificationReport,
  type OrgNotificationCounters,
  parseFaultProfile,
  type ScheduleUpdateTally,
  type TopicCounters,
  type ViolationCounters,
  violationKinds,
} from '@wfm-sync/local-stack/gc-sim';
import { z } from 'zod';

const mediaSchema = z.object({
  maximumCapacity: z.number(),
  interruptableMediaTypes: z.array(z.string()).optional(),
  includeNonAcd: z.boolean().optional(),
});
const utilizationSchema = z.object({ utilization: z.record(z.string(), mediaSchema) });
export type SimUtilization = z.infer<typeof utilizationSchema>;

const campaignSchema = z.looseObject({
  id: z.string(),
  version: z.number(),
  outboundLineCount: z.number(),
});
export type SimCampaign = z.infer<typeof campaignSchema>;

const timeOffListSchema = z.object({
  entities: z.array(
    z.looseObject({
      id: z.string(),
      status: z.string(),
      activityCodeId: z.string(),
      fullDayManagementUnitDates: z.array(z.string()).default([]),
      notes: z.string().default(''),
    }),
  ),
});
export type SimTimeOffRequest = z.infer<typeof timeOffListSchema>['entities'][number];

const agentScheduleSchema = z.looseObject({
  version: z.number(),
  shifts: z.array(
    z.looseObject({
      startDate: z.string(),
      lengthMinutes: z.number(),
      activities: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
export type SimAgentSchedule = z.infer<typeof agentScheduleSchema>;

const scheduleUpdateTallySchema: z.ZodType<ScheduleUpdateTally> = z.object({
  started: z.number(),
  agents: z.number(),
  rejected: z.number(),
  complete: z.number(),
  error: z.number(),
});

const requestLogEntrySchema = z.object({
  seq: z.number(),
  at: z.number(),
  method: z.string(),
  path: z.string(),
  route: z.string(),
  orgId: z.string().nullable(),
  status: z.number(),
  durationMs: z.number(),
  stateChanging: z.boolean(),
  fault: z.string().optional(),
});
export type SimRequest = z.infer<typeof requestLogEntrySchema>;
const requestPageSchema = z.object({ entries: z.array(requestLogEntrySchema), nextSince: z.number() });

const violationsSchema = z.object(
  Object.fromEntries(violationKinds.map((kind) => [kind, z.number()])) as Record<
    keyof ViolationCounters,
    z.ZodNumber
  >,
);

const orgNotificationSchema: z.ZodType<OrgNotificationCounters> = z.object({
  channelsCreated: z.number(),
  channelsEvicted: z.number(),
  channelsExpired: z.number(),
  channelsLive: z.number(),
  connectionsOpened: z.number(),
  connectionsOpen: z.number(),
  connectionsRefused: z.number(),
  connectionsCut: z.number(),
  socketClosingsSent: z.number(),
  heartbeatsSent: z.number(),
  heartbeatsWithheld: z.number(),
  pongsSent: z.number(),
  topicsRejected: z.number(),
  refusedCalls: z.number(),
});
const topicCountersSchema: z.ZodType<TopicCounters> = z.object({
  published: z.number(),
  sent: z.number(),
  dropped: z.number(),
  notConnected: z.number(),
});
const notificationReportSchema: z.ZodType<NotificationReport> = z.object({
  orgs: z.record(z.string(), orgNotificationSchema),
  topics: z.record(z.string(), topicCountersSchema),
});
const announcedSchema = z.object({ announced: z.number().int().min(0) });

/** The simulator's state as the convergence check reads it. */
export interface SimStateReader {
  /** undefined for an unknown user. */
  utilization(orgId: string, userId: string): Promise<SimUtilization | undefined>;
  campaign(orgId: string, campaignId: string): Promise<SimCampaign | undefined>;
  /** Every time-off request of the org, whoever created it. */
  timeOffRequests(orgId: string): Promise<SimTimeOffRequest[]>;
  /** undefined when the agent is not in the schedule. */
  agentSchedule(
    orgId: string,
    ids: Pick<ScheduleAgentData, 'businessUnitId' | 'weekId' | 'scheduleId' | 'userId'>,
  ): Promise<SimAgentSchedule | undefined>;
}

/** A failed call to the simulator's admin API (`/__sim/*`). */
export class SimAdminRequestError extends Error {
  override readonly name = 'SimAdminRequestError';
}

/**
 * `/__sim/*` over HTTP: the simulator runs in its own process, so that a strategy burning the bench's event loop
 * cannot slow "Genesys" down. Every answer is validated: the simulator is another program.
 */
export class SimAdminClient implements SimStateReader {
  constructor(private readonly baseUrl: string) {}

  async utilization(orgId: string, userId: string): Promise<SimUtilization | undefined> {
    return this.getOptional(`/__sim/state/${enc(orgId)}/utilization/${enc(userId)}`, utilizationSchema);
  }

  async campaign(orgId: string, campaignId: string): Promise<SimCampaign | undefined> {
    return this.getOptional(`/__sim/state/${enc(orgId)}/campaigns/${enc(campaignId)}`, campaignSchema);
  }

  async timeOffRequests(orgId: string): Promise<SimTimeOffRequest[]> {
    const list = await this.getOptional(`/__sim/state/${enc(orgId)}/timeoffrequests`, timeOffListSchema);
    return list?.entities ?? [];
  }

  async agentSchedule(
    orgId: string,
    ids: Pick<ScheduleAgentData, 'businessUnitId' | 'weekId' | 'scheduleId' | 'userId'>,
  ): Promise<SimAgentSchedule | undefined> {
    const path = [ids.businessUnitId, ids.weekId, ids.scheduleId].map(enc).join('/');
    return this.getOptional(
      `/__sim/state/${enc(orgId)}/schedules/${path}/agents/${enc(ids.userId)}`,
      agentScheduleSchema,
    );
  }

  /** Schedule updates so far: how many agents they carried and how they ended. */
  async scheduleUpdates(): Promise<ScheduleUpdateTally> {
    return scheduleUpdateTallySchema.parse(await this.json('GET', '/__sim/schedule-updates'));
  }

  async violations(): Promise<ViolationCounters> {
    return violationsSchema.parse(await this.json('GET', '/__sim/violations'));
  }

  /** Request-log entries after `since` (oldest first), at most `limit`. */
  async requests(since: number, limit = 20_000): Promise<{ entries: SimRequest[]; nextSince: number }> {
    return requestPageSchema.parse(await this.json('GET', `/__sim/requests?since=${since}&limit=${limit}`));
  }

  /** The fault profile in force, every default filled in. */
  async faults(): Promise<FaultProfile> {
    return parseFaultProfile(await this.json('GET', '/__sim/faults'));
  }

  /** What the notification service published, sent, dropped and cut so far, per org and per topic (decision 021). */
  async notifications(): Promise<NotificationReport> {
    return notificationReportSchema.parse(await this.json('GET', '/__sim/notifications'));
  }

  /** `v2.system.socket_closing` on every live notification connection (of one org); answers how many. */
  async announceSocketClosing(orgId?: string): Promise<number> {
    const body = orgId === undefined ? {} : { orgId };
    return announcedSchema.parse(await this.json('POST', '/__sim/notifications/socket-closing', body))
      .announced;
  }

  /** Changes only the given top-level fields of the fault profile. */
  async patchFaults(changes: Record<string, unknown>): Promise<void> {
    await this.json('PATCH', '/__sim/faults', changes);
  }

  /** A person edits fields the sync does not own; the campaign's version moves. */
  async editCampaignAsAdmin(
    orgId: string,
    campaignId: string,
    fields: Record<string, unknown>,
  ): Promise<void> {
    await this.json('POST', `/__sim/campaigns/${enc(orgId)}/${enc(campaignId)}/admin-edit`, fields);
  }

  private async getOptional<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const response = await fetch(`${this.baseUrl}${path}`);
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw new SimAdminRequestError(`GET ${path} answered ${response.status}`);
    return schema.parse(await response.json());
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new SimAdminRequestError(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response.status === 204 ? undefined : response.json();
  }
}

const enc = encodeURIComponent;
