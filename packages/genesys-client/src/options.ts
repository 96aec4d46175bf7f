import type { RedisConnection } from '@wfm-sync/redis-kit';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { GenesysClientMetrics } from './metrics.js';
import type { HostResolver } from './upload-policy/guarded-lookup.js';

/** One Genesys Cloud org: its hosts, OAuth client and budget. Base URLs come only from here. */
export interface GenesysOrgConfig {
  /** Used in Redis keys inside a `{}` hash tag, so letters, digits, `.`, `_`, `-` only. */
  id: string;
  /** `https://api.<host>` of the org's region, or a simulator/proxy. May carry a path prefix. */
  apiBaseUrl: string;
  /** `https://login.<host>` of the org's region, or a simulator/proxy. */
  loginBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The token's budget, shared by every process. @defaultValue 300 in the topology file */
  requestsPerMinute: number;
  /** `dry-run` refuses every state-changing call (a second guard behind the pipeline's own). */
  mode: 'live' | 'dry-run';
  /** The org points at a simulator on a private network (topology `allowPlainHttp`). @defaultValue false */
  allowPlainHttp?: boolean | undefined;
  /** Host suffixes a schedule upload URL must match (topology `uploadHosts`). @defaultValue any host */
  uploadHosts?: readonly string[] | undefined;
}

/** What a request looked like once it finished; for counting calls (benchmarks) and tracing. */
export interface GenesysRequestEvent {
  orgId: string;
  method: string;
  /** Route template, for example `/api/v2/routing/users/{userId}/utilization`. */
  route: string;
  /** HTTP status; undefined when no answer came back (timeout, connection error). */
  status: number | undefined;
  durationMs: number;
}

/** For reads whose answer is only as fresh as the moment it was sent (trunk health). */
export interface ReadOptions {
  /**
   * Called each time the request leaves, after the token and budget waits: the answer describes Genesys at that
   * moment or later. Stamping an observation with the time before the call would age it by the budget wait.
   */
  onSent?: () => void;
}

export interface GenesysClientOptions {
  org: GenesysOrgConfig;
  /** Shared by every process of the deployment: token cache, budget and 429 block live here. */
  redis: RedisConnection;
  /** @defaultValue 'wfm' */
  keyPrefix?: string;
  /** @defaultValue a silent logger */
  logger?: Logger;
  /** @defaultValue metrics on a private registry (not exported anywhere) */
  metrics?: GenesysClientMetrics;
  /** Timeout of every HTTP request (capped further by a write's lease). @defaultValue 10000 */
  requestTimeoutMs?: number;
  /** Longest total time a call sleeps for budget or a 429 block; longer waits throw `rate-limited`. @defaultValue 15000 */
  maxThrottleWaitMs?: number;
  /** Called after every HTTP request (API, token, upload), whatever its outcome. Must not throw. */
  onRequest?: (event: GenesysRequestEvent) => void;
  /** How upload hosts are resolved when their sockets connect (tests inject answers). @defaultValue dns.lookup */
  resolveHost?: HostResolver;
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const GenesysOrgConfigSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'org id may contain only letters, digits, ".", "_" and "-"'),
  apiBaseUrl: httpUrl,
  loginBaseUrl: httpUrl,
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  requestsPerMinute: z.number().int().positive(),
  mode: z.enum(['live', 'dry-run']),
  allowPlainHttp: z.boolean().optional(),
  uploadHosts: z.array(z.string().min(1)).readonly().optional(),
});

const TuningSchema = z.object({
  keyPrefix: z.string().min(1).default('wfm'),
  requestTimeoutMs: z.number().int().positive().default(10_000),
  maxThrottleWaitMs: z.number().int().nonnegative().default(15_000),
});

export type ResolvedTuning = z.infer<typeof TuningSchema>;

/** Validates the options once at construction; the error names the field but never echoes the secret. */
export function resolveOptions(options: GenesysClientOptions): {
  org: GenesysOrgConfig;
  tuning: ResolvedTuning;
} {
  const org = GenesysOrgConfigSchema.safeParse(options.org);
  if (!org.success) {
    const fields = org.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid Genesys org configuration: ${fields}`);
  }
  const tuning = TuningSchema.safeParse({
    keyPrefix: options.keyPrefix,
    requestTimeoutMs: options.requestTimeoutMs,
    maxThrottleWaitMs: options.maxThrottleWaitMs,
  });
  if (!tuning.success) throw new Error(`invalid Genesys client options: ${z.prettifyError(tuning.error)}`);
  return { org: org.data, tuning: tuning.data };
}
