import { z } from 'zod';

export const mediaTypes = ['call', 'callback', 'chat', 'email', 'message'] as const;
export type MediaType = (typeof mediaTypes)[number];

const mediaTypeSchema = z.enum(mediaTypes);

/** SDK model `MediaUtilization`; Genesys documents 0..25 as the capacity range for every media type. */
export const mediaUtilizationSchema = z.object({
  maximumCapacity: z.int().min(0).max(25),
  interruptableMediaTypes: z.array(mediaTypeSchema).optional(),
  includeNonAcd: z.boolean().optional(),
});

/** SDK model `UtilizationRequest`. */
export const utilizationRequestSchema = z.object({
  utilization: z.partialRecord(mediaTypeSchema, mediaUtilizationSchema).optional(),
  labelUtilizations: z
    .record(
      z.string(),
      z.object({
        maximumCapacity: z.int().min(0).max(25),
        interruptingLabelIds: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  maxInboundCalls: z.int().min(0).optional(),
});

export type UtilizationRequest = z.infer<typeof utilizationRequestSchema>;

export interface MediaUtilization {
  maximumCapacity: number;
  interruptableMediaTypes: MediaType[];
  includeNonAcd: boolean;
}

/** SDK model `AgentMaxUtilizationResponse`. */
export interface AgentMaxUtilizationResponse {
  utilization: Record<MediaType, MediaUtilization>;
  labelUtilizations: Record<string, { maximumCapacity: number; interruptingLabelIds: string[] }>;
  maxInboundCalls?: number;
  level: 'Agent' | 'Organization';
}

/** The org-wide default an agent has until written, and that an omitted media type resets to. */
export const ORG_DEFAULT_UTILIZATION: Readonly<Record<MediaType, MediaUtilization>> = {
  call: { maximumCapacity: 1, interruptableMediaTypes: [], includeNonAcd: false },
  callback: { maximumCapacity: 1, interruptableMediaTypes: [], includeNonAcd: false },
  chat: { maximumCapacity: 4, interruptableMediaTypes: [], includeNonAcd: false },
  email: { maximumCapacity: 1, interruptableMediaTypes: [], includeNonAcd: false },
  message: { maximumCapacity: 4, interruptableMediaTypes: [], includeNonAcd: false },
};

function orgDefault(): Record<MediaType, MediaUtilization> {
  return structuredClone(ORG_DEFAULT_UTILIZATION) as Record<MediaType, MediaUtilization>;
}

/** Per-agent utilization; no version, so the last writer wins, as in Genesys. */
export class UtilizationStore {
  private readonly agents = new Map<string, AgentMaxUtilizationResponse>();

  get(userId: string): AgentMaxUtilizationResponse {
    const written = this.agents.get(userId);
    if (written) return structuredClone(written);
    return { utilization: orgDefault(), labelUtilizations: {}, level: 'Organization' };
  }

  put(userId: string, request: UtilizationRequest): AgentMaxUtilizationResponse {
    const utilization = orgDefault();
    for (const type of mediaTypes) {
      const given = request.utilization?.[type];
      if (given) {
        utilization[type] = {
          maximumCapacity: given.maximumCapacity,
          interruptableMediaTypes: [...(given.interruptableMediaTypes ?? [])],
          includeNonAcd: given.includeNonAcd ?? false,
        };
      }
    }
    const labelUtilizations = Object.fromEntries(
      Object.entries(request.labelUtilizations ?? {}).map(([label, value]) => [
        label,
        {
          maximumCapacity: value.maximumCapacity,
          interruptingLabelIds: [...(value.interruptingLabelIds ?? [])],
        },
      ]),
    );
    const stored: AgentMaxUtilizationResponse = {
      utilization,
      labelUtilizations,
      ...(request.maxInboundCalls === undefined ? {} : { maxInboundCalls: request.maxInboundCalls }),
      level: 'Agent',
    };
    this.agents.set(userId, stored);
    return structuredClone(stored);
  }
}
