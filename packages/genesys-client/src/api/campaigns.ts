import type { Campaign, CampaignPatchRequest } from '../models/campaign.js';
import { GENESYS_ROUTE_MODELS } from '../route-models.js';
import { GENESYS_ROUTES } from '../routes.js';
import type { WriteGuard } from '../write-guard.js';
import { type ApiContext, apiCall } from './context.js';

export async function getCampaign(context: ApiContext, campaignId: string): Promise<Campaign> {
  return context.transport.callJson(
    apiCall(context, 'GET', GENESYS_ROUTES.campaign, { params: { campaignId } }),
    GENESYS_ROUTE_MODELS.campaign.GET,
  );
}

/** Writes the whole campaign; its `version` must be current (else 409 version-conflict). */
export async function putCampaign(
  context: ApiContext,
  campaign: Campaign,
  guard?: WriteGuard,
): Promise<Campaign> {
  return context.transport.callJson(
    apiCall(context, 'PUT', GENESYS_ROUTES.campaign, {
      params: { campaignId: campaign.id },
      json: campaign,
      write: { guard },
    }),
    GENESYS_ROUTE_MODELS.campaign.PUT,
  );
}

/** Patches pacing fields; Genesys answers without a body (read again to learn the version). */
export async function patchCampaign(
  context: ApiContext,
  campaignId: string,
  patch: CampaignPatchRequest,
  guard?: WriteGuard,
): Promise<void> {
  return context.transport.callEmpty(
    apiCall(context, 'PATCH', GENESYS_ROUTES.campaign, {
      params: { campaignId },
      json: patch,
      write: { guard },
    }),
  );
}
