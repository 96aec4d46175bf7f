import { z } from 'zod';
import { genesysObject } from './genesys-object.js';

export const TrunkErrorInfoSchema = genesysObject({
  text: z.string().optional(),
  code: z.string().optional(),
});
export type TrunkErrorInfo = z.infer<typeof TrunkErrorInfoSchema>;

export const TrunkConnectedStatusSchema = genesysObject({
  connected: z.boolean().optional(),
  connectedStateTime: z.string().optional(),
});
export type TrunkConnectedStatus = z.infer<typeof TrunkConnectedStatusSchema>;

export const TrunkMetricsRegistersSchema = genesysObject({
  proxyAddress: z.string().optional(),
  registerState: z.boolean().optional(),
  registerStateTime: z.string().optional(),
  errorInfo: TrunkErrorInfoSchema.optional(),
});
export type TrunkMetricsRegisters = z.infer<typeof TrunkMetricsRegistersSchema>;

export const TrunkMetricsOptionsSchema = genesysObject({
  proxyAddress: z.string().optional(),
  optionState: z.boolean().optional(),
  optionStateTime: z.string().optional(),
  errorInfo: TrunkErrorInfoSchema.optional(),
});
export type TrunkMetricsOptions = z.infer<typeof TrunkMetricsOptionsSchema>;

const EnabledStatusSchema = z.enum(['ENABLED', 'DISABLED', 'NOT_SUPPORTED']);

/** SDK `Trunk`, with the health fields the sync derives `healthy | degraded | offline` from. */
export const TrunkSchema = genesysObject({
  id: z.string(),
  name: z.string().optional(),
  version: z.number().int().optional(),
  dateModified: z.string().optional(),
  state: z.enum(['active', 'inactive', 'deleted']).optional(),
  trunkType: z.enum(['EXTERNAL', 'PHONE', 'EDGE']).optional(),
  inService: z.boolean().optional(),
  enabled: z.boolean().optional(),
  connectedStatus: TrunkConnectedStatusSchema.optional(),
  registersStatus: z.array(TrunkMetricsRegistersSchema).optional(),
  optionsStatus: z.array(TrunkMetricsOptionsSchema).optional(),
  registersEnabledStatus: EnabledStatusSchema.optional(),
  optionsEnabledStatus: EnabledStatusSchema.optional(),
});
export type Trunk = z.infer<typeof TrunkSchema>;

/** SDK `TrunkEntityListing`: one page of trunks. */
export const TrunkEntityListingSchema = genesysObject({
  entities: z.array(TrunkSchema),
  pageSize: z.number().int(),
  pageNumber: z.number().int(),
  total: z.number().int().optional(),
  pageCount: z.number().int(),
});
export type TrunkEntityListing = z.infer<typeof TrunkEntityListingSchema>;

export interface TrunkPageRequest {
  /** 1-based. */
  pageNumber: number;
  /** Genesys allows up to 100 here. */
  pageSize: number;
}
