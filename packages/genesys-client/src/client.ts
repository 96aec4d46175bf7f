import { pino } from 'pino';
import { Registry } from 'prom-client';
import { getCampaign, patchCampaign, putCampaign } from './api/campaigns.js';
import type { ApiContext } from './api/context.js';
import {
  addNotificationSubscriptions,
  checkConnectUri,
  createNotificationChannel,
  getNotificationSubscriptions,
  notificationChannelExists,
  replaceNotificationSubscriptions,
} from './api/notifications.js';
import {
  getSchedule,
  queryAgentSchedules,
  requestScheduleUploadUrl,
  startScheduleUpdate,
  updateSchedule,
  uploadScheduleBody,
} from './api/schedules.js';
import {
  createTimeOffRequests,
  getTimeOffRequest,
  patchTimeOffRequest,
  queryTimeOffRequests,
  type TimeOffRequestQueryResult,
} from './api/time-off.js';
import { getTrunk, listAllTrunks, listTrunks } from './api/trunks.js';
import { getUtilization, putUtilization } from './api/utilization.js';
import { RequestBudget } from './budget.js';
import { HttpSender } from './http.js';
import { genesysKeys } from './keys.js';
import { createGenesysClientMetrics } from './metrics.js';
import type { Campaign, CampaignPatchRequest } from './models/campaign.js';
import type { Channel, ChannelTopicEntityListing } from './models/notifications.js';
import type {
  BuAsyncAgentSchedulesQueryResponse,
  BuAsyncScheduleResponse,
  BuQueryAgentSchedulesRequest,
  BuScheduleMetadata,
  ProcessScheduleUpdateUploadRequest,
  UpdateScheduleUploadResponse,
  UpdateScheduleUploadSchema,
  UploadUrlRequestBody,
} from './models/schedule.js';
import type {
  AdminTimeOffRequestPatch,
  CreateAdminTimeOffRequest,
  TimeOffRequestList,
  TimeOffRequestQueryBody,
  TimeOffRequestResponse,
} from './models/time-off.js';
import type { Trunk, TrunkEntityListing, TrunkPageRequest } from './models/trunk.js';
import type { AgentMaxUtilizationResponse, UtilizationRequest } from './models/utilization.js';
import {
  type GenesysClientOptions,
  type GenesysOrgConfig,
  type ReadOptions,
  resolveOptions,
} from './options.js';
import { RequestRecorder } from './request-recorder.js';
import { TokenProvider } from './token-provider.js';
import { Transport } from './transport.js';
import type { WriteGuard } from './write-guard.js';

/**
 * The Genesys Cloud Platform API subset of wfm-sync, for one org. Every method validates the
 * answer, throws GenesysApiError (with a `kind`) on failure, and shares the org's token and
 * request budget with every other process through Redis. State-changing methods take a
 * WriteGuard and throw WriteRefusedError, unsent, in dry-run or past the lease.
 */
export interface GenesysClient {
  readonly org: Readonly<Pick<GenesysOrgConfig, 'id' | 'mode' | 'requestsPerMinute'>>;

  getTrunk(trunkId: string, read?: ReadOptions): Promise<Trunk>;
  listTrunks(page: TrunkPageRequest, read?: ReadOptions): Promise<TrunkEntityListing>;
  /** Every trunk of the org, one call per 100. */
  listAllTrunks(read?: ReadOptions): Promise<Trunk[]>;

  getUtilization(userId: string): Promise<AgentMaxUtilizationResponse>;
  /** Sends the full map (omitted media types reset to the org default). */
  putUtilization(
    userId: string,
    request: UtilizationRequest,
    write?: WriteGuard,
  ): Promise<AgentMaxUtilizationResponse>;

  getCampaign(campaignId: string): Promise<Campaign>;
  /** The whole campaign with its current `version`; answers `version + 1`. */
  putCampaign(campaign: Campaign, write?: WriteGuard): Promise<Campaign>;
  /** No body comes back: read again to learn the new version. */
  patchCampaign(campaignId: string, patch: CampaignPatchRequest, write?: WriteGuard): Promise<void>;

  createTimeOffRequests(
    managementUnitId: string,
    body: CreateAdminTimeOffRequest,
    write?: WriteGuard,
  ): Promise<TimeOffRequestList>;
  /** Read-only POST (allowed in dry-run); a `downloadUrl` answer is followed. */
  queryTimeOffRequests(
    managementUnitId: string,
    body: TimeOffRequestQueryBody,
  ): Promise<TimeOffRequestQueryResult>;
  getTimeOffRequest(
    managementUnitId: string,
    userId: string,
    timeOffRequestId: string,
  ): Promise<TimeOffRequestResponse>;
  patchTimeOffRequest(
    managementUnitId: string,
    userId: string,
    timeOffRequestId: string,
    patch: AdminTimeOffRequestPatch,
    write?: WriteGuard,
  ): Promise<TimeOffRequestResponse>;

  getSchedule(businessUnitId: string, weekId: string, scheduleId: string): Promise<BuScheduleMetadata>;
  /** Read-only POST (allowed in dry-run); a `downloadUrl` answer is followed into `result`. */
  queryAgentSchedules(
    businessUnitId: string,
    weekId: string,
    scheduleId: string,
    body: BuQueryAgentSchedulesRequest,
  ): Promise<BuAsyncAgentSchedulesQueryResponse>;
  requestScheduleUploadUrl(
    businessUnitId: string,
    weekId: string,
    scheduleId: string,
    body: UploadUrlRequestBody,
    write?: WriteGuard,
  ): Promise<UpdateScheduleUploadResponse>;
  /** PUTs to a URL an uploadurl answer issued: only the API's origin or https is accepted. */
  uploadScheduleBody(
    url: string,
    headers: Record<string, string>,
    gzipped: Buffer,
    write?: WriteGuard,
  ): Promise<void>;
  startScheduleUpdate(
    businessUnitId: string,
    weekId: string,
    scheduleId: string,
    body: ProcessScheduleUpdateUploadRequest,
    write?: WriteGuard,
  ): Promise<BuAsyncScheduleResponse>;
  /** uploadurl → PUT gzip of exactly the announced length → update. */
  updateSchedule(
    businessUnitId: string,
    weekId: string,
    scheduleId: string,
    body: UpdateScheduleUploadSchema,
    write?: WriteGuard,
  ): Promise<BuAsyncScheduleResponse>;

  /**
   * Notifications (genesys-api.md, Notifications): not state-changing writes, so allowed in dry-run. A 403/404 on
   * creation means the org has none (`isNotificationsRefused`).
   */
  createNotificationChannel(): Promise<Channel>;
  /** HEAD: true while the channel exists, false once it has gone (404). */
  notificationChannelExists(channelId: string): Promise<boolean>;
  getNotificationSubscriptions(channelId: string): Promise<ChannelTopicEntityListing>;
  /** PUT: replaces the list (at most 1,000 topics) and renews the channel's lifetime. */
  replaceNotificationSubscriptions(
    channelId: string,
    topics: readonly string[],
  ): Promise<ChannelTopicEntityListing>;
  /** POST: adds to the list; does not renew. */
  addNotificationSubscriptions(
    channelId: string,
    topics: readonly string[],
  ): Promise<ChannelTopicEntityListing>;
  /** The channel's `connectUri`, checked: only the org's streaming host (or its overridden API host). */
  notificationConnectUrl(connectUri: string): URL;

  /** Closes idle keep-alive sockets. The Redis connection belongs to the caller and stays open. */
  close(): void;
}

export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const { org, tuning } = resolveOptions(options);
  const logger = (options.logger ?? pino({ level: 'silent' })).child({
    component: 'genesys-client',
    org: org.id,
  });
  const metrics = options.metrics ?? createGenesysClientMetrics(new Registry());
  const keys = genesysKeys(tuning.keyPrefix, org.id);
  const http = new HttpSender({ resolveHost: options.resolveHost });
  const budget = new RequestBudget({
    redis: options.redis,
    keys,
    orgId: org.id,
    requestsPerMinute: org.requestsPerMinute,
    maxThrottleWaitMs: tuning.maxThrottleWaitMs,
    metrics,
    logger,
  });
  const recorder = new RequestRecorder({ orgId: org.id, metrics, logger, onRequest: options.onRequest });
  const tokens = new TokenProvider({
    redis: options.redis,
    keys,
    org,
    http,
    budget,
    requestTimeoutMs: tuning.requestTimeoutMs,
    metrics,
    logger,
    recorder,
  });
  const transport = new Transport({
    org,
    http,
    tokens,
    budget,
    metrics,
    logger,
    recorder,
    requestTimeoutMs: tuning.requestTimeoutMs,
  });
  const context: ApiContext = {
    transport,
    apiBaseUrl: org.apiBaseUrl,
    uploadPolicy: {
      apiBaseUrl: org.apiBaseUrl,
      allowPlainHttp: org.allowPlainHttp,
      uploadHosts: org.uploadHosts,
    },
  };
  const ref = (businessUnitId: string, weekId: string, scheduleId: string) => ({
    businessUnitId,
    weekId,
    scheduleId,
  });

  return {
    org: { id: org.id, mode: org.mode, requestsPerMinute: org.requestsPerMinute },
    getTrunk: (trunkId, read) => getTrunk(context, trunkId, read),
    listTrunks: (page, read) => listTrunks(context, page, read),
    listAllTrunks: (read) => listAllTrunks(context, read),
    getUtilization: (userId) => getUtilization(context, userId),
    putUtilization: (userId, request, write) => putUtilization(context, userId, request, write),
    getCampaign: (campaignId) => getCampaign(context, campaignId),
    putCampaign: (campaign, write) => putCampaign(context, campaign, write),
    patchCampaign: (campaignId, patch, write) => patchCampaign(context, campaignId, patch, write),
    createTimeOffRequests: (muId, body, write) => createTimeOffRequests(context, muId, body, write),
    queryTimeOffRequests: (muId, body) => queryTimeOffRequests(context, muId, body),
    getTimeOffRequest: (muId, userId, id) => getTimeOffRequest(context, muId, userId, id),
    patchTimeOffRequest: (muId, userId, id, patch, write) =>
      patchTimeOffRequest(context, muId, userId, id, patch, write),
    getSchedule: (buId, weekId, scheduleId) => getSchedule(context, ref(buId, weekId, scheduleId)),
    queryAgentSchedules: (buId, weekId, scheduleId, body) =>
      queryAgentSchedules(context, ref(buId, weekId, scheduleId), body),
    requestScheduleUploadUrl: (buId, weekId, scheduleId, body, write) =>
      requestScheduleUploadUrl(context, ref(buId, weekId, scheduleId), body, write),
    uploadScheduleBody: (url, headers, gzipped, write) =>
      uploadScheduleBody(context, url, headers, gzipped, write),
    startScheduleUpdate: (buId, weekId, scheduleId, body, write) =>
      startScheduleUpdate(context, ref(buId, weekId, scheduleId), body, write),
    updateSchedule: (buId, weekId, scheduleId, body, write) =>
      updateSchedule(context, ref(buId, weekId, scheduleId), body, write),
    createNotificationChannel: () => createNotificationChannel(context),
    notificationChannelExists: (channelId) => notificationChannelExists(context, channelId),
    getNotificationSubscriptions: (channelId) => getNotificationSubscriptions(context, channelId),
    replaceNotificationSubscriptions: (channelId, topics) =>
      replaceNotificationSubscriptions(context, channelId, topics),
    addNotificationSubscriptions: (channelId, topics) =>
      addNotificationSubscriptions(context, channelId, topics),
    notificationConnectUrl: (connectUri) => checkConnectUri(connectUri, org.apiBaseUrl),
    close: () => http.close(),
  };
}
