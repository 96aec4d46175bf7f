import type {
  BuAsyncAgentSchedulesQueryResponse,
  BuAsyncScheduleResponse,
  BuQueryAgentSchedulesRequest,
  BuScheduleMetadata,
  ProcessScheduleUpdateUploadRequest,
  UpdateScheduleUploadResponse,
  UpdateScheduleUploadSchema,
  UploadUrlRequestBody,
} from '../models/schedule.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import { checkUploadUrl, pointsAtSimulator } from '../upload-policy/upload-url.js';
import { checkIssuedUrl } from '../urls.js';
import type { WriteGuard } from '../write-guard.js';
import { type ApiContext, apiCall } from './context.js';
import { downloadIssued } from './issued-download.js';
import { gzipScheduleBody } from './schedule-body.js';

/** Which schedule: business unit, week (yyyy-MM-dd) and schedule id. */
export interface ScheduleRef {
  businessUnitId: string;
  weekId: string;
  scheduleId: string;
}

export async function getSchedule(context: ApiContext, schedule: ScheduleRef): Promise<BuScheduleMetadata> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.schedule, { params: { ...schedule } }),
    GENESYS_ROUTE_MODELS.schedule.GET,
  );
}

/** Read-only (allowed in dry-run) although it is a POST. A `downloadUrl` answer is followed into `result`. */
export async function queryAgentSchedules(
  context: ApiContext,
  schedule: ScheduleRef,
  body: BuQueryAgentSchedulesRequest,
): Promise<BuAsyncAgentSchedulesQueryResponse> {
  const answer = await context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.agentSchedulesQuery, { params: { ...schedule }, json: body }),
    GENESYS_ROUTE_MODELS.agentSchedulesQuery.POST,
  );
  if (answer.result !== undefined || answer.downloadUrl === undefined) return answer;
  const result = await downloadIssued(
    context,
    answer.downloadUrl,
    GENESYS_ROUTE_MODELS.issuedDownload.agentSchedules,
  );
  return { ...answer, result };
}

export async function requestScheduleUploadUrl(
  context: ApiContext,
  schedule: ScheduleRef,
  body: UploadUrlRequestBody,
  guard?: WriteGuard,
): Promise<UpdateScheduleUploadResponse> {
  return context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.scheduleUploadUrl, {
      params: { ...schedule },
      json: body,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.scheduleUploadUrl.POST,
  );
}

/** PUTs the gzip body to the URL an uploadurl answer issued, with the headers it asked for. */
export async function uploadScheduleBody(
  context: ApiContext,
  rawUrl: string,
  headers: Record<string, string>,
  gzipped: Buffer,
  guard?: WriteGuard,
): Promise<void> {
  const method = 'PUT';
  const route = GENESYS_ROUTES.issuedUpload;
  // A real org's upload goes to storage on the internet only: an answer steering it to an internal
  // service (SSRF) is refused before anything is sent, and again on the address the socket connects to.
  const simulator = pointsAtSimulator(context.uploadPolicy);
  if (!simulator) checkUploadUrl(rawUrl, context.uploadPolicy);
  const url = checkIssuedUrl(rawUrl, context.apiBaseUrl, method, route);
  await context.transport.callEmpty({
    method,
    route,
    url,
    publicAddressesOnly: !simulator,
    // Presigned: the URL is the credential; our bearer token must not travel to a storage host.
    authenticate: false,
    body: { kind: 'raw', bytes: gzipped, headers },
    write: { guard },
  });
}

export async function startScheduleUpdate(
  context: ApiContext,
  schedule: ScheduleRef,
  body: ProcessScheduleUpdateUploadRequest,
  guard?: WriteGuard,
): Promise<BuAsyncScheduleResponse> {
  return context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.scheduleUpdate, {
      params: { ...schedule },
      json: body,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.scheduleUpdate.POST,
  );
}

/**
 * The three-step schedule write: JSON → gzip → announce its exact length (uploadurl), PUT it,
 * start the update. Completion is asynchronous (docs/genesys-api.md, WFM schedules).
 */
export async function updateSchedule(
  context: ApiContext,
  schedule: ScheduleRef,
  body: UpdateScheduleUploadSchema,
  guard?: WriteGuard,
): Promise<BuAsyncScheduleResponse> {
  const gzipped = await gzipScheduleBody(body);
  const upload = await requestScheduleUploadUrl(
    context,
    schedule,
    { contentLengthBytes: gzipped.length },
    guard,
  );
  await uploadScheduleBody(context, upload.url, upload.headers ?? {}, gzipped, guard);
  return startScheduleUpdate(context, schedule, { uploadKey: upload.uploadKey }, guard);
}
