import type { FastifyRequest } from 'fastify';
import type { SimEngine } from '../simulator.js';
import type { OrgState } from '../state/org.js';

/** Per-route behaviour of the API pipeline, given as the route's `config.sim`. */
export interface SimRouteConfig {
  /** Logged as state-changing, eligible for the publishing-window 409, tracked for concurrent writes. */
  stateChanging: boolean;
  /** The resources the request changes, to detect two writes to one resource in flight at once. */
  resources?: (request: FastifyRequest, orgId: string) => string[];
  /** Runs when the request has arrived (after auth and rate limit, before latency): arrival-time checks. */
  onArrival?: (engine: SimEngine, org: OrgState, request: FastifyRequest) => void;
}

/** What the simulator tracks about one HTTP request from arrival to the end of its connection. */
export interface RequestContext {
  correlationId: string;
  /** Arrival on the simulator's clock (epoch ms). */
  arrivedAt: number;
  /** Monotonic start, for the duration. */
  startedNs: bigint;
  /** Whether the request goes to the request log (API, OAuth and upload traffic; not /__sim or probes). */
  logged: boolean;
  orgId: string | null;
  stateChanging: boolean;
  /** Resources registered as in flight; released when the connection ends. */
  resources: string[];
  fault: string | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    sim?: SimRouteConfig;
    /** Request-log this route even though it is not under /api/v2 (OAuth, uploads). */
    logged?: boolean;
  }
  interface FastifyRequest {
    simContext: RequestContext;
  }
}

/** The org of an authenticated API request; the API hooks guarantee it is set before any handler runs. */
export function requestOrg(engine: SimEngine, request: FastifyRequest): OrgState {
  const orgId = request.simContext.orgId;
  const org = orgId === null ? undefined : engine.org(orgId);
  if (!org) throw new Error('API handler ran without an authenticated org');
  return org;
}
