import type { AgentMaxUtilizationResponse, UtilizationRequest } from '../models/utilization.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import type { WriteGuard } from '../write-guard.js';
import { type ApiContext, apiCall } from './context.js';

export async function getUtilization(
  context: ApiContext,
  userId: string,
): Promise<AgentMaxUtilizationResponse> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.utilization, { params: { userId } }),
    GENESYS_ROUTE_MODELS.utilization.GET,
  );
}

/** Replaces the agent's whole map (omitted media types reset to the org default); no version. */
export async function putUtilization(
  context: ApiContext,
  userId: string,
  request: UtilizationRequest,
  guard?: WriteGuard,
): Promise<AgentMaxUtilizationResponse> {
  return context.transport.callJson(
    apiCall(context, 'PUT', GENESYS_ROUTES.utilization, {
      params: { userId },
      json: request,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.utilization.PUT,
  );
}
