import { z } from 'zod';
import { genesysObject } from './genesys-object.js';

/** Media types Genesys knows; a write must send all of them (omitted ones reset to the org default). */
export const MEDIA_TYPES = ['call', 'callback', 'chat', 'email', 'message'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export const MediaUtilizationSchema = genesysObject({
  /** Integer 0..25 (Genesys' documented limit). */
  maximumCapacity: z.number().int(),
  interruptableMediaTypes: z.array(z.string()).optional(),
  includeNonAcd: z.boolean().optional(),
});
/** SDK `MediaUtilization`. */
export type MediaUtilization = z.infer<typeof MediaUtilizationSchema>;

export const UtilizationMapSchema = z.record(z.string(), MediaUtilizationSchema);
/** Media type → utilization settings. */
export type UtilizationMap = z.infer<typeof UtilizationMapSchema>;

export const AgentMaxUtilizationResponseSchema = genesysObject({
  utilization: UtilizationMapSchema,
  labelUtilizations: z.record(z.string(), z.unknown()).optional(),
  maxInboundCalls: z.number().int().optional(),
  level: z.enum(['Agent', 'Organization']).optional(),
});
/** SDK `AgentMaxUtilizationResponse`. */
export type AgentMaxUtilizationResponse = z.infer<typeof AgentMaxUtilizationResponseSchema>;

/** SDK `UtilizationRequest`: the body of the PUT (no version: last writer wins). */
export interface UtilizationRequest {
  utilization: Record<
    string,
    { maximumCapacity: number; interruptableMediaTypes?: string[]; includeNonAcd?: boolean }
  >;
  labelUtilizations?: Record<string, { maximumCapacity?: number; interruptingLabelIds?: string[] }>;
  maxInboundCalls?: number;
}
