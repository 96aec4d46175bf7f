import { z } from 'zod';

const rate = z.number().min(0).max(1);

export const latencySchema = z
  .object({ p50Ms: z.number().min(0), p99Ms: z.number().min(0) })
  .refine((l) => l.p99Ms >= l.p50Ms, { message: 'p99Ms must be at least p50Ms' });

/** Measured-looking latency per region, used when `latency` is `"regional"`. */
export const regionalLatencyPresets: Readonly<Record<string, { p50Ms: number; p99Ms: number }>> = {
  'ap-southeast-1': { p50Ms: 180, p99Ms: 900 },
  'ap-southeast-2': { p50Ms: 150, p99Ms: 750 },
  'ap-northeast-1': { p50Ms: 140, p99Ms: 700 },
  'us-east-1': { p50Ms: 40, p99Ms: 250 },
  'eu-west-1': { p50Ms: 90, p99Ms: 450 },
};
export const DEFAULT_REGIONAL_LATENCY = { p50Ms: 100, p99Ms: 500 };

/**
 * What the simulator does wrong on purpose. Every field has a default (no fault), so a partial profile
 * is a complete one. Rates are probabilities per request; all draws come from the seeded PRNG.
 */
export const faultProfileSchema = z.object({
  /** Log-normal latency from p50/p99, or `"regional"` for the preset of each org's region. @defaultValue 0 */
  latency: z.union([latencySchema, z.literal('regional')]).default({ p50Ms: 0, p99Ms: 0 }),
  /** Share of API requests answered 502, 503 or 504 (nothing applied). @defaultValue 0 */
  error5xxRate: rate.default(0),
  /** Share of API requests held without an answer for `timeoutHoldMs`, then closed (nothing applied). @defaultValue 0 */
  timeoutRate: rate.default(0),
  /** @defaultValue 60000 (beyond any sane client timeout) */
  timeoutHoldMs: z.int().min(0).default(60_000),
  /** Share of API requests whose connection is destroyed without an answer (nothing applied). @defaultValue 0 */
  dropConnectionRate: rate.default(0),
  /**
   * The schedule-publishing window: state-changing calls answered 409 with a non-version message.
   * `untilMs` is an epoch time (ms) after which the window is over; without it the window never ends.
   */
  concurrentModification: z
    .object({ rate: rate.default(0), untilMs: z.number().optional() })
    .default({ rate: 0 }),
  /** A person in the admin UI at the same time as the sync. @defaultValue no edits */
  admin: z
    .object({
      /** Edits of campaign fields the sync does not own (name, abandonRate, callerName); each bumps the version. */
      campaignEditsPerMinute: z.number().min(0).default(0),
      /** Re-saves of live time-off requests, unchanged but for a new version. */
      timeOffResavesPerMinute: z.number().min(0).default(0),
    })
    .default({ campaignEditsPerMinute: 0, timeOffResavesPerMinute: 0 }),
  /** Trunks that cycle healthy → degraded or offline → healthy, dwelling a random time in each state. */
  flapping: z
    .object({
      /** `trunkId` (any org) or `orgId/trunkId`. */
      trunkIds: z.array(z.string().min(1)).default([]),
      minDwellMs: z.int().min(1).default(2_000),
      maxDwellMs: z.int().min(1).default(10_000),
    })
    .refine((f) => f.maxDwellMs >= f.minDwellMs, { message: 'maxDwellMs must be at least minDwellMs' })
    .default({ trunkIds: [], minDwellMs: 2_000, maxDwellMs: 10_000 }),
  /**
   * The notification service (channels and their WebSockets): its pace and what goes wrong with it. Every fault is
   * off by default; `heartbeatIntervalMs` and `socketClosingDelayMs` are the real service's pace.
   */
  notifications: z
    .object({
      /** Time between two `channel.metadata` heartbeats on a connection. @defaultValue 30000 */
      heartbeatIntervalMs: z.int().min(1).default(30_000),
      /** Share of topic messages dropped on a live connection (heartbeats and pongs never are). @defaultValue 0 */
      dropMessageRate: rate.default(0),
      /** Connections cut without a close frame, at random: mean cuts per connection per minute. @defaultValue 0 */
      connectionCutsPerMinute: z.number().min(0).default(0),
      /** No heartbeat is sent on any connection while true (pings are still answered). @defaultValue false */
      heartbeatsStopped: z.boolean().default(false),
      /** `v2.system.socket_closing` announcements at random: mean per connection per minute. @defaultValue 0 */
      socketClosingPerMinute: z.number().min(0).default(0),
      /** Time from a `v2.system.socket_closing` message to the close. @defaultValue 60000 (about a minute) */
      socketClosingDelayMs: z.int().min(0).default(60_000),
      /** Share of new channels that expire `earlyExpiryMs` after creation, whatever `expires` said. @defaultValue 0 */
      earlyExpiryRate: rate.default(0),
      /** @defaultValue 60000 */
      earlyExpiryMs: z.int().min(0).default(60_000),
      /**
       * Topics the OAuth clients lack a permission for: each entry is a topic, or a prefix ending in `*`
       * (`v2.workforcemanagement.*`); a matching topic is answered `Rejected` with its missing permission.
       */
      permissionDeniedTopics: z.array(z.string().min(1)).default([]),
      /** Orgs whose notification REST calls are all answered 403. @defaultValue none */
      refusedOrgIds: z.array(z.string().min(1)).default([]),
    })
    .default({
      heartbeatIntervalMs: 30_000,
      dropMessageRate: 0,
      connectionCutsPerMinute: 0,
      heartbeatsStopped: false,
      socketClosingPerMinute: 0,
      socketClosingDelayMs: 60_000,
      earlyExpiryRate: 0,
      earlyExpiryMs: 60_000,
      permissionDeniedTopics: [],
      refusedOrgIds: [],
    }),
  /**
   * Other consumers of the same OAuth client spending the token's budget: this share of API requests is answered
   * 429 with `Retry-After: retryAfterS`, and the token is then blocked like after any 429 (a request before it
   * passes is a `requestsDuringRetryAfter` violation). `orgIds`: only these orgs' clients are throttled (a noisy
   * consumer on one org's client); every org when absent. @defaultValue never
   */
  sharedBudget: z
    .object({
      throttleRate: rate.default(0),
      retryAfterS: z.int().min(1).max(60).default(1),
      orgIds: z.array(z.string().min(1)).optional(),
    })
    .default({ throttleRate: 0, retryAfterS: 1 }),
  /**
   * Orgs whose daily or hourly quota is spent (genesys-api.md, Rate limits): every API request of the org is
   * answered 429 with `Retry-After: retryAfterS` (minutes to hours), and a request before it passes is a
   * `requestsDuringRetryAfter` violation. Remove the org to give the quota back. @defaultValue none
   */
  quotaSpent: z.record(z.string().min(1), z.object({ retryAfterS: z.int().min(1).max(86_400) })).default({}),
  /**
   * Orgs whose OAuth client is revoked (or its secret rotated away): the token endpoint answers 401
   * `invalid_client` and the org's tokens already issued are refused (401). Remove the org to restore the client.
   * @defaultValue none
   */
  revokedClients: z.array(z.string().min(1)).default([]),
  /**
   * The other publisher of a publishing window: now and then a schedule is published again inside Genesys, moving
   * its version and the versions of `agentShare` of its agents (shifts unchanged), so the sync's uploads prepared
   * before go stale. @defaultValue never
   */
  concurrentPublisher: z
    .object({ publishesPerMinute: z.number().min(0).default(0), agentShare: rate.default(0.05) })
    .default({ publishesPerMinute: 0, agentShare: 0.05 }),
  /** Share of time-off creates that are applied and then answered by a dropped connection. @defaultValue 0 */
  dropCreateResponseRate: rate.default(0),
  /**
   * Every SDK-optional field an answer leaves out comes back `null` instead (faults/null-optionals.ts), as the real
   * service sometimes answers. @defaultValue false
   */
  nullOptionals: z.boolean().default(false),
  /**
   * Share of 2xx answers to state-changing calls (204s aside) whose body is cut short so no model accepts it,
   * after the write was applied: an unknown outcome for the client. Counted per route (`/__sim/garbled-answers`).
   * @defaultValue 0
   */
  garbledWriteAnswers: rate.default(0),
  /**
   * How a schedule update with a stale version fails: at once (409), as an operation ending in "Error",
   * or either, chosen by the PRNG with `scheduleStaleErrorShare` for the asynchronous one. @defaultValue random
   */
  scheduleStaleMode: z.enum(['immediate409', 'asyncError', 'random']).default('random'),
  /** @defaultValue 0.5 */
  scheduleStaleErrorShare: rate.default(0.5),
  /** Time a schedule update stays "Processing". @defaultValue 500 */
  scheduleOperationDelayMs: z.int().min(0).default(500),
  /**
   * A utilization write for an agent whose trunk has been unhealthy for longer than this at arrival counts
   * as a violation: the sync learns a trunk's health only by reading it, so it may act on a read this old.
   * @defaultValue 5000
   */
  unhealthyWriteGraceMs: z.int().min(0).default(5_000),
  /**
   * A request that arrives within this time after a 429 left the simulator is not a `requestsDuringRetryAfter`
   * violation: with several processes sharing a token, a request may already be past the client's budget check or
   * on the wire when the 429 goes out, and no client can call it back. One sent later, while Retry-After still
   * runs, is a violation. @defaultValue 500
   */
  retryAfterGraceMs: z.int().min(0).default(500),
});

export type FaultProfile = z.infer<typeof faultProfileSchema>;
/** A fault profile as given by a caller: any field may be left out. */
export type FaultProfileInput = z.input<typeof faultProfileSchema>;

export function parseFaultProfile(input: unknown): FaultProfile {
  return faultProfileSchema.parse(input ?? {});
}
