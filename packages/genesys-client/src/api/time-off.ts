import type {
  AdminTimeOffRequestPatch,
  CreateAdminTimeOffRequest,
  TimeOffRequestList,
  TimeOffRequestListItem,
  TimeOffRequestQueryBody,
  TimeOffRequestResponse,
} from '../models/time-off.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import type { WriteGuard } from '../write-guard.js';
import { type ApiContext, apiCall } from './context.js';
import { downloadIssued } from './issued-download.js';

// The route's model, plus what makes an answer usable: entities, or where to download them.
const LISTING_ANSWER = {
  name: GENESYS_ROUTE_MODELS.timeOffRequestsQuery.POST.name,
  schema: GENESYS_ROUTE_MODELS.timeOffRequestsQuery.POST.schema.refine(
    (listing) => listing.entities !== undefined || listing.downloadUrl !== undefined,
    'neither entities nor downloadUrl',
  ),
};

/** A query answer with its entities, fetched from `downloadUrl` when Genesys moved them there. */
export interface TimeOffRequestQueryResult {
  entities: TimeOffRequestListItem[];
}

/** One request per user; there is no idempotency key, so query before creating. */
export async function createTimeOffRequests(
  context: ApiContext,
  managementUnitId: string,
  body: CreateAdminTimeOffRequest,
  guard?: WriteGuard,
): Promise<TimeOffRequestList> {
  return context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.timeOffRequests, {
      params: { managementUnitId },
      json: body,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.timeOffRequests.POST,
  );
}

/** Read-only (allowed in dry-run) although it is a POST. */
export async function queryTimeOffRequests(
  context: ApiContext,
  managementUnitId: string,
  body: TimeOffRequestQueryBody,
): Promise<TimeOffRequestQueryResult> {
  const listing = await context.transport.callJson(
    apiCall(context, 'POST', GENESYS_ROUTES.timeOffRequestsQuery, {
      params: { managementUnitId },
      json: body,
    }),
    LISTING_ANSWER,
  );
  if (listing.entities !== undefined) return { entities: listing.entities };
  const downloaded = await downloadIssued(
    context,
    listing.downloadUrl ?? '',
    GENESYS_ROUTE_MODELS.issuedDownload.timeOffRequests,
  );
  return { entities: downloaded.entities };
}

export async function getTimeOffRequest(
  context: ApiContext,
  managementUnitId: string,
  userId: string,
  timeOffRequestId: string,
): Promise<TimeOffRequestResponse> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.timeOffRequest, {
      params: { managementUnitId, userId, timeOffRequestId },
    }),
    GENESYS_ROUTE_MODELS.timeOffRequest.GET,
  );
}

/** `patch.metadata.version` must be current (else 409 version-conflict); answers `version + 1`. */
export async function patchTimeOffRequest(
  context: ApiContext,
  managementUnitId: string,
  userId: string,
  timeOffRequestId: string,
  patch: AdminTimeOffRequestPatch,
  guard?: WriteGuard,
): Promise<TimeOffRequestResponse> {
  return context.transport.callJson(
    apiCall(context, 'PATCH', GENESYS_ROUTES.timeOffRequest, {
      params: { managementUnitId, userId, timeOffRequestId },
      json: patch,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.timeOffRequest.PATCH,
  );
}
