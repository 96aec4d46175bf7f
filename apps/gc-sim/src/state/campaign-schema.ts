import { z } from 'zod';

/** Reference to another entity (SDK `DomainEntityRef`). */
export const entityRefSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  selfUri: z.string().optional(),
});

export const dialingModes = [
  'agentless',
  'preview',
  'power',
  'predictive',
  'progressive',
  'external',
] as const;
export const campaignStatuses = [
  'on',
  'stopping',
  'off',
  'complete',
  'invalid',
  'forced_off',
  'forced_stopping',
] as const;

/**
 * The fields of the SDK model `Campaign` that the simulator checks. Everything else the client sends is
 * kept as it is (loose object), as the real service stores the whole campaign.
 */
export const campaignFieldsSchema = z.looseObject({
  name: z.string().min(1),
  contactList: entityRefSchema,
  queue: entityRefSchema.optional(),
  dialingMode: z.enum(dialingModes),
  campaignStatus: z.enum(campaignStatuses).optional(),
  phoneColumns: z.array(z.looseObject({ columnName: z.string().min(1), type: z.string().min(1) })).min(1),
  abandonRate: z.number().min(0).max(100).optional(),
  callerName: z.string(),
  callerAddress: z.string(),
  outboundLineCount: z.int().min(0).optional(),
  maxCallsPerAgent: z.int().min(1).optional(),
});

/** The body of PUT /api/v2/outbound/campaigns/{id}: the whole campaign with the version it was read at. */
export const campaignPutSchema = campaignFieldsSchema.extend({
  id: z.string().optional(),
  version: z.int().min(0),
});

/** SDK model `CampaignPatchRequest`. */
export const campaignPatchSchema = z.object({
  outboundLineCount: z.int().min(0).optional(),
  abandonRate: z.number().min(0).max(100).optional(),
  maxCallsPerAgent: z.int().min(1).optional(),
  dynamicLineBalancingSettings: z
    .object({ enabled: z.boolean().optional(), relativeWeight: z.int().min(1).max(100).optional() })
    .optional(),
  queue: z.object({ id: z.string().min(1), selfUri: z.string().optional() }).optional(),
});

/** What a person may change through the admin UI (and the background administrator does). */
export const adminCampaignEditSchema = campaignFieldsSchema.partial();

export type CampaignFields = z.infer<typeof campaignFieldsSchema>;
export type CampaignPut = z.infer<typeof campaignPutSchema>;
export type CampaignPatch = z.infer<typeof campaignPatchSchema>;
export type AdminCampaignEdit = z.infer<typeof adminCampaignEditSchema>;
