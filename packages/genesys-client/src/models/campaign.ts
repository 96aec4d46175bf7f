import { z } from 'zod';
import { DomainEntityRefSchema } from './common.js';
import { genesysObject } from './genesys-object.js';

export const PhoneColumnSchema = genesysObject({
  columnName: z.string(),
  type: z.string(),
});
export type PhoneColumn = z.infer<typeof PhoneColumnSchema>;

/**
 * SDK `Campaign`. Unknown fields are kept: a PUT sends the whole object back, and fields the
 * sync does not own (edited by people at the same time) must come back unchanged.
 */
export const CampaignSchema = genesysObject({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  dialingMode: z.string().optional(),
  campaignStatus: z.string().optional(),
  outboundLineCount: z.number().int().optional(),
  maxCallsPerAgent: z.number().optional(),
  abandonRate: z.number().optional(),
  contactList: DomainEntityRefSchema.optional(),
  queue: DomainEntityRefSchema.optional(),
  phoneColumns: z.array(PhoneColumnSchema).optional(),
  callerName: z.string().optional(),
  callerAddress: z.string().optional(),
});
export type Campaign = z.infer<typeof CampaignSchema>;

/** SDK `CampaignPatchRequest` (answered without a body; learn the new version by reading again). */
export interface CampaignPatchRequest {
  outboundLineCount?: number;
  maxCallsPerAgent?: number;
  abandonRate?: number;
  queue?: { id: string };
  dynamicLineBalancingSettings?: Record<string, unknown>;
}
