/** Route templates of every Genesys call this client makes: metric labels and error `route`s. */
export const GENESYS_ROUTES = {
  token: '/oauth/token',
  trunk: '/api/v2/telephony/providers/edges/trunks/{trunkId}',
  trunks: '/api/v2/telephony/providers/edges/trunks',
  utilization: '/api/v2/routing/users/{userId}/utilization',
  campaign: '/api/v2/outbound/campaigns/{campaignId}',
  timeOffRequests: '/api/v2/workforcemanagement/managementunits/{managementUnitId}/timeoffrequests',
  timeOffRequestsQuery:
    '/api/v2/workforcemanagement/managementunits/{managementUnitId}/timeoffrequests/query',
  timeOffRequest:
    '/api/v2/workforcemanagement/managementunits/{managementUnitId}/users/{userId}/timeoffrequests/{timeOffRequestId}',
  schedule:
    '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}',
  agentSchedulesQuery:
    '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}/agentschedules/query',
  scheduleUploadUrl:
    '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}/update/uploadurl',
  scheduleUpdate:
    '/api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}/update',
  notificationChannels: '/api/v2/notifications/channels',
  notificationChannel: '/api/v2/notifications/channels/{channelId}',
  notificationSubscriptions: '/api/v2/notifications/channels/{channelId}/subscriptions',
  /** The presigned URL an uploadurl answer issued (label only: the URL itself is unbounded). */
  issuedUpload: '{issuedUploadUrl}',
  /** A `downloadUrl` a large query answer issued (label only). */
  issuedDownload: '{issuedDownloadUrl}',
} as const;
