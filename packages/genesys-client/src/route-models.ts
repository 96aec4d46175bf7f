import type { z } from 'zod';
import { CampaignSchema } from './models/campaign.js';
import { ChannelSchema, ChannelTopicEntityListingSchema } from './models/notifications.js';
import {
  BuAgentSchedulesQueryResponseSchema,
  BuAsyncAgentSchedulesQueryResponseSchema,
  BuAsyncScheduleResponseSchema,
  BuScheduleMetadataSchema,
  UpdateScheduleUploadResponseSchema,
} from './models/schedule.js';
import {
  DownloadedTimeOffRequestListingSchema,
  TimeOffRequestListingSchema,
  TimeOffRequestListSchema,
  TimeOffRequestResponseSchema,
} from './models/time-off.js';
import { TokenResponseSchema } from './models/token.js';
import { TrunkEntityListingSchema, TrunkSchema } from './models/trunk.js';
import { AgentMaxUtilizationResponseSchema } from './models/utilization.js';
import type { GENESYS_ROUTES } from './routes.js';

/** The model a 2xx answer is validated against; `name` (the SDK model's) appears in errors. */
export interface ResponseModel<T> {
  name: string;
  schema: z.ZodType<T>;
}

function model<T>(name: string, schema: z.ZodType<T>): ResponseModel<T> {
  return { name, schema };
}

/**
 * The answer model of every route and method the client calls (`null`: answered without a body worth reading).
 * The API functions validate with these and nothing else, so a test over this table covers every answer. Keyed
 * by method, except where one route answers several models (the issued download).
 */
export const GENESYS_ROUTE_MODELS = {
  token: { POST: model('TokenResponse', TokenResponseSchema) },
  trunk: { GET: model('Trunk', TrunkSchema) },
  trunks: { GET: model('TrunkEntityListing', TrunkEntityListingSchema) },
  utilization: {
    GET: model('AgentMaxUtilizationResponse', AgentMaxUtilizationResponseSchema),
    PUT: model('AgentMaxUtilizationResponse', AgentMaxUtilizationResponseSchema),
  },
  campaign: { GET: model('Campaign', CampaignSchema), PUT: model('Campaign', CampaignSchema), PATCH: null },
  timeOffRequests: { POST: model('TimeOffRequestList', TimeOffRequestListSchema) },
  timeOffRequestsQuery: { POST: model('TimeOffRequestListing', TimeOffRequestListingSchema) },
  timeOffRequest: {
    GET: model('TimeOffRequestResponse', TimeOffRequestResponseSchema),
    PATCH: model('TimeOffRequestResponse', TimeOffRequestResponseSchema),
  },
  schedule: { GET: model('BuScheduleMetadata', BuScheduleMetadataSchema) },
  agentSchedulesQuery: {
    POST: model('BuAsyncAgentSchedulesQueryResponse', BuAsyncAgentSchedulesQueryResponseSchema),
  },
  scheduleUploadUrl: { POST: model('UpdateScheduleUploadResponse', UpdateScheduleUploadResponseSchema) },
  scheduleUpdate: { POST: model('BuAsyncScheduleResponse', BuAsyncScheduleResponseSchema) },
  notificationChannels: { POST: model('Channel', ChannelSchema) },
  /** HEAD: 200 while the channel exists, 404 after; no body. */
  notificationChannel: { HEAD: null },
  notificationSubscriptions: {
    GET: model('ChannelTopicEntityListing', ChannelTopicEntityListingSchema),
    PUT: model('ChannelTopicEntityListing', ChannelTopicEntityListingSchema),
    POST: model('ChannelTopicEntityListing', ChannelTopicEntityListingSchema),
  },
  issuedUpload: { PUT: null },
  issuedDownload: {
    agentSchedules: model('BuAgentSchedulesQueryResponse (downloaded)', BuAgentSchedulesQueryResponseSchema),
    timeOffRequests: model('TimeOffRequestListing (downloaded)', DownloadedTimeOffRequestListingSchema),
  },
} as const satisfies Record<keyof typeof GENESYS_ROUTES, Record<string, ResponseModel<unknown> | null>>;
