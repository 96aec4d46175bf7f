import { TokenStore } from './auth/tokens.js';
import { SimApiError } from './errors.js';
import { SimEvents } from './events.js';
import { BackgroundActivity, resolveTrunkRefs } from './faults/background.js';
import { decideFault, type FaultOutcome } from './faults/decide.js';
import { sampleLatencyMs } from './faults/latency.js';
import {
  DEFAULT_REGIONAL_LATENCY,
  type FaultProfile,
  type FaultProfileInput,
  parseFaultProfile,
  regionalLatencyPresets,
} from './faults/profile.js';
import { parseFixture } from './fixture/load.js';
import type { SimFixture } from './fixture/schema.js';
import { InFlightWrites } from './in-flight.js';
import { type Logger, silentLogger } from './logger.js';
import type { NotificationReport } from './notifications/counters.js';
import { NotificationHub } from './notifications/hub.js';
import { createPrng, type Prng } from './prng.js';
import { createRequestLog, type RequestLog, type RequestLogEntry } from './request-log.js';
import { emptyScheduleUpdateTally, type ScheduleUpdateTally } from './schedule-update-tally.js';
import {
  type AdminCampaignEdit,
  adminCampaignEditSchema,
  type CampaignPatch,
  type CampaignPut,
} from './state/campaign-schema.js';
import type { CampaignWriteResult } from './state/campaigns.js';
import { OrgState } from './state/org.js';
import type {
  AgentScheduleState,
  ScheduleOperation,
  StaleFailure,
  StartedUpdate,
} from './state/schedules.js';
import type { TimeOffRecord } from './state/time-off.js';
import type { CreateAdminTimeOff } from './state/time-off-schema.js';
import type { HealthVariant, TrunkHealth } from './state/trunks.js';
import type { AgentMaxUtilizationResponse } from './state/utilization.js';
import { extractTimeOffMarker } from './time-off-marker.js';
import { Timers } from './timers.js';
import {
  createViolationRecorder,
  type ViolationKind,
  type ViolationRecorder,
  type ViolationReport,
} from './violations.js';

export interface SimOptions {
  fixture: SimFixture;
  /** Lifetime of issued tokens. @defaultValue 86399 */
  tokenLifetimeS?: number;
  /** Budget of each token per rate-limit window. @defaultValue 300 */
  requestsPerMinute?: number;
  faults?: FaultProfileInput;
  /** Seed of every random decision. @defaultValue 42 */
  seed?: number;
  /** Token requests each OAuth client may make per window before the token endpoint answers 400. @defaultValue 120 */
  tokenRequestsPerMinute?: number;
  /** Length of the fixed rate-limit window; shorten it only in tests. @defaultValue 60000 */
  rateLimitWindowMs?: number;
  /** @defaultValue 100000 */
  requestLogCap?: number;
  /** @defaultValue 1000 */
  violationLogCap?: number;
  /** @defaultValue a silent logger */
  logger?: Logger;
  /** The clock (epoch ms). @defaultValue Date.now */
  now?: () => number;
}

/** Run-time control and inspection of a simulator; also served as JSON under `/__sim/`. */
export interface SimAdmin {
  faults(): FaultProfile;
  /** Replaces the fault profile (omitted fields take their defaults) and restarts background activity. */
  setFaults(input: FaultProfileInput): FaultProfile;
  /** Replaces only the given top-level fields of the fault profile. */
  updateFaults(input: FaultProfileInput): FaultProfile;
  setTrunkHealth(
    orgId: string,
    trunkId: string,
    health: TrunkHealth,
    variant?: HealthVariant,
  ): Record<string, unknown>;
  /** A person edits a campaign in the admin UI: the fields change and the version moves. */
  editCampaignAsAdmin(orgId: string, campaignId: string, fields: AdminCampaignEdit): Record<string, unknown>;
  /** Revokes every token of one org, or of every org; returns how many were revoked. */
  revokeTokens(orgId?: string): number;
  violations(): ViolationReport;
  resetViolations(): void;
  requestLog(options?: { since?: number; limit?: number }): RequestLogEntry[];
  clearRequestLog(): void;
  utilization(orgId: string, userId: string): AgentMaxUtilizationResponse | undefined;
  campaign(orgId: string, campaignId: string): Record<string, unknown> | undefined;
  /** The trunk as GET answers it (SDK model `Trunk`). */
  trunk(orgId: string, trunkId: string): Record<string, unknown> | undefined;
  trunkHealth(orgId: string, trunkId: string): TrunkHealth | undefined;
  timeOffRequests(orgId: string): TimeOffRecord[];
  schedule(
    orgId: string,
    buId: string,
    weekId: string,
    scheduleId: string,
  ): Record<string, unknown> | undefined;
  agentSchedule(
    orgId: string,
    buId: string,
    weekId: string,
    scheduleId: string,
    userId: string,
  ): AgentScheduleState | undefined;
  scheduleOperation(orgId: string, operationId: string): ScheduleOperation | undefined;
  /** Every schedule update so far: agents carried and outcomes. */
  scheduleUpdates(): ScheduleUpdateTally;
  /** Answers garbled by `garbledWriteAnswers` so far, per `METHOD /route/:template`. */
  garbledAnswers(): Record<string, number>;
  /** The notification service: its counters, and maintenance on demand. */
  readonly notifications: NotificationAdmin;
}

export interface NotificationAdmin {
  /** Channels and connections per org, messages published, sent and dropped per topic. */
  report(): NotificationReport;
  /** Zeroes the counters (live channels and open connections stay as they are). */
  resetCounters(): void;
  /** Sends `v2.system.socket_closing` on every live connection (of one org); each closes after the configured delay. */
  announceSocketClosing(orgId?: string): number;
}

/** An unknown org, trunk or campaign named through the admin API. */
export class SimAdminError extends Error {
  override readonly name = 'SimAdminError';
}

/** The simulated Genesys Cloud: state, clock, faults and violations, without HTTP. */
export interface Simulator {
  readonly fixture: SimFixture;
  readonly admin: SimAdmin;
  readonly logger: Logger;
  /** What the HTTP layer uses; not meant for tests. */
  readonly engine: SimEngine;
  /** Stops background activity and pending delays. */
  close(): void;
}

export interface SimEngine {
  now(): number;
  org(orgId: string): OrgState | undefined;
  readonly tokens: TokenStore;
  readonly requestLog: RequestLog;
  readonly violations: ViolationRecorder;
  readonly inFlight: InFlightWrites;
  readonly timers: Timers;
  /** State changes, for listeners such as the notification hub. */
  readonly events: SimEvents;
  readonly notifications: NotificationHub;
  faults(): FaultProfile;
  decideFault(stateChanging: boolean): FaultOutcome;
  /** A latency drawn from the org's own stream for `route` (`METHOD /template`). */
  latencyMs(orgId: string, route?: string): number;
  /** True when this time-off create should be applied and then answered by a dropped connection. */
  dropCreateResponse(): boolean;
  /** True when this 2xx answer to a write of `route` (`METHOD /route/:template`) should be garbled. */
  garbleAnswer(route: string): boolean;
  /** Counts one garbled answer of `route` (`METHOD /route/:template`). */
  noteGarbledAnswer(route: string): void;
  /** Seconds of Retry-After when other consumers of the token exhaust its budget on this request, else undefined. */
  sharedBudgetThrottle(orgId: string): number | undefined;
  newId(): string;
  recordViolation(kind: ViolationKind, orgId: string, resource: string, detail: string): void;
  /** Counts an `unhealthyTrunkWrites` violation when the agent's trunk has been unhealthy beyond the grace. */
  noteUtilizationWrite(org: OrgState, userId: string): void;
  putCampaign(org: OrgState, campaignId: string, body: CampaignPut): CampaignWriteResult | undefined;
  patchCampaign(org: OrgState, campaignId: string, patch: CampaignPatch): CampaignWriteResult | undefined;
  createTimeOff(org: OrgState, managementUnitId: string, body: CreateAdminTimeOff): TimeOffRecord[];
  startScheduleUpdate(
    org: OrgState,
    ids: { buId: string; weekId: string; scheduleId: string },
    uploadKey: string,
  ): ScheduleOperation;
}

/** The stream of `parent` forked for `name`, made once and kept in `streams`. */
function streamOf(streams: Map<string, Prng>, parent: Prng, name: string): Prng {
  let prng = streams.get(name);
  if (!prng) {
    prng = parent.fork(name);
    streams.set(name, prng);
  }
  return prng;
}

export function createSimulator(options: SimOptions): Simulator {
  const fixture = parseFixture(options.fixture);
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger();
  const master = createPrng(options.seed ?? 42);
  const prngs = {
    faults: master.fork('faults'),
    latency: master.fork('latency'),
    ids: master.fork('ids'),
    schedule: master.fork('schedule'),
    admin: master.fork('admin'),
    flapping: master.fork('flapping'),
    sharedBudget: master.fork('shared-budget'),
    notifications: master.fork('notifications'),
    answers: master.fork('answers'),
  };
  const startedAt = now();
  const orgs = fixture.orgs.map((org) => new OrgState(org, startedAt));
  const orgsById = new Map(orgs.map((org) => [org.id, org]));
  const timers = new Timers((error, what) =>
    logger.error({ err: error, what }, 'background activity failed'),
  );
  const violations = createViolationRecorder(now, options.violationLogCap ?? 1_000);
  const scheduleUpdates = emptyScheduleUpdateTally();
  const garbledAnswers: Record<string, number> = {};
  const answerPrngs = new Map<string, Prng>();
  const latencyPrngs = new Map<string, Prng>();
  violations.onViolation((entry) => logger.warn({ violation: entry }, 'client violation'));
  const requestLog = createRequestLog(options.requestLogCap ?? 100_000);
  const tokens = new TokenStore(fixture, {
    now,
    tokenLifetimeS: options.tokenLifetimeS ?? 86_399,
    requestsPerMinute: options.requestsPerMinute ?? 300,
    tokenRequestsPerMinute: options.tokenRequestsPerMinute ?? 120,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 60_000,
  });
  let profile = parseFaultProfile(options.faults);
  const events = new SimEvents((error, event) =>
    logger.error({ err: error, event }, 'event listener failed'),
  );
  const notifications = new NotificationHub({
    now,
    timers,
    prng: prngs.notifications,
    events,
    logger,
    org: (orgId) => orgsById.get(orgId),
    faults: () => profile.notifications,
  });

  const requireOrg = (orgId: string): OrgState => {
    const org = orgsById.get(orgId);
    if (!org) throw new SimAdminError(`unknown org ${orgId}`);
    return org;
  };
  const setHealth = (org: OrgState, trunkId: string, health: TrunkHealth, variant?: HealthVariant) => {
    const before = org.trunks.get(trunkId);
    const was = before && { health: before.health, variant: before.variant };
    const trunk = org.trunks.setHealth(trunkId, health, now(), variant);
    if (!trunk) throw new SimAdminError(`unknown trunk ${trunkId} in org ${org.id}`);
    logger.debug({ orgId: org.id, trunkId, health, variant: trunk.variant }, 'trunk health changed');
    // Setting the health a trunk already has changes none of its status fields: nothing to announce.
    if (was?.health !== trunk.health || was.variant !== trunk.variant)
      events.emit('trunkHealthChanged', { orgId: org.id, trunk });
    return trunk;
  };
  const adminEdit = (org: OrgState, campaignId: string, fields: Record<string, unknown>) => {
    const campaign = org.campaigns.adminEdit(campaignId, adminCampaignEditSchema.parse(fields), now());
    if (!campaign) throw new SimAdminError(`unknown campaign ${campaignId} in org ${org.id}`);
    logger.debug(
      { orgId: org.id, campaignId, fields: Object.keys(fields) },
      'administrator edited a campaign',
    );
    return campaign;
  };

  const background = new BackgroundActivity({
    orgs,
    timers,
    adminPrng: prngs.admin,
    flappingPrng: prngs.flapping,
    editCampaign: adminEdit,
    resaveTimeOff: (org, id) => org.timeOff.resave(id, now()),
    setTrunkHealth: setHealth,
    now,
  });

  const applyProfile = (next: FaultProfile): FaultProfile => {
    try {
      resolveTrunkRefs(orgs, next.flapping.trunkIds);
    } catch (error) {
      throw new SimAdminError((error as Error).message);
    }
    profile = next;
    background.configure(profile);
    notifications.configure();
    logger.info({ faults: profile }, 'fault profile set');
    return profile;
  };

  const recordViolation = (kind: ViolationKind, orgId: string, resource: string, detail: string) =>
    violations.record({ kind, orgId, resource, detail });

  const noteAdminOverwrites = (
    org: OrgState,
    campaignId: string,
    result: CampaignWriteResult | undefined,
  ) => {
    if (result && result.overwrittenAdminFields.length > 0) {
      recordViolation(
        'adminEditsOverwritten',
        org.id,
        `campaign:${org.id}:${campaignId}`,
        `a write changed ${result.overwrittenAdminFields.join(', ')}, last set by the administrator`,
      );
    }
    return result;
  };

  const engine: SimEngine = {
    now,
    org: (orgId) => orgsById.get(orgId),
    tokens,
    requestLog,
    violations,
    inFlight: new InFlightWrites(),
    timers,
    events,
    notifications,
    faults: () => profile,
    decideFault: (stateChanging) => decideFault(prngs.faults, profile, { stateChanging, now: now() }),
    latencyMs: (orgId, route = '') => {
      const latency =
        profile.latency === 'regional'
          ? (regionalLatencyPresets[orgsById.get(orgId)?.region ?? ''] ?? DEFAULT_REGIONAL_LATENCY)
          : profile.latency;
      // One stream per org and route: the latencies an org's requests of one route draw do not depend on any other
      // traffic, so a benchmark leg with a noisy neighbour draws the same latencies for the quiet org's k-th
      // utilization PUT as the leg without.
      return sampleLatencyMs(streamOf(latencyPrngs, prngs.latency, `${orgId} ${route}`), latency);
    },
    dropCreateResponse: () => prngs.faults.chance(profile.dropCreateResponseRate),
    garbleAnswer(route) {
      // One stream per route: how many answers of one route are garbled does not depend on the traffic of others.
      return streamOf(answerPrngs, prngs.answers, route).chance(profile.garbledWriteAnswers);
    },
    noteGarbledAnswer(route) {
      garbledAnswers[route] = (garbledAnswers[route] ?? 0) + 1;
    },
    sharedBudgetThrottle: (orgId) =>
      (profile.sharedBudget.orgIds?.includes(orgId) ?? true) &&
      prngs.sharedBudget.chance(profile.sharedBudget.throttleRate)
        ? profile.sharedBudget.retryAfterS
        : undefined,
    newId: () => prngs.ids.uuid(),
    recordViolation,
    noteUtilizationWrite(org, userId) {
      const agent = org.agents.get(userId);
      if (!agent) return;
      const trunk = org.trunks.get(agent.trunkId);
      if (trunk?.unhealthySince === undefined) return;
      const unhealthyForMs = now() - trunk.unhealthySince;
      if (unhealthyForMs > profile.unhealthyWriteGraceMs) {
        recordViolation(
          'unhealthyTrunkWrites',
          org.id,
          `utilization:${org.id}:${userId}`,
          `utilization write for agent ${userId} while trunk ${agent.trunkId} has been ${trunk.health} for ${unhealthyForMs} ms`,
        );
      }
    },
    putCampaign: (org, campaignId, body) =>
      noteAdminOverwrites(org, campaignId, org.campaigns.put(campaignId, body, now())),
    patchCampaign: (org, campaignId, patch) =>
      noteAdminOverwrites(org, campaignId, org.campaigns.patch(campaignId, patch, now())),
    createTimeOff(org, managementUnitId, body) {
      const created = org.timeOff.create(managementUnitId, body, now(), () => prngs.ids.uuid());
      for (const record of created) {
        const externalId = extractTimeOffMarker(record.notes);
        if (externalId === undefined) continue;
        const others = org.timeOff.liveWithMarker(externalId, record.id);
        if (others.length > 0) {
          recordViolation(
            'duplicateTimeOffCreates',
            org.id,
            `timeoff:${org.id}:${externalId}`,
            `time-off request ${record.id} created for external id ${externalId}, which ${others.map((o) => o.id).join(', ')} already carries`,
          );
        }
      }
      return created;
    },
    startScheduleUpdate(org, { buId, weekId, scheduleId }, uploadKey) {
      const staleFailure = (): StaleFailure => {
        if (profile.scheduleStaleMode !== 'random') return profile.scheduleStaleMode;
        return prngs.schedule.chance(profile.scheduleStaleErrorShare) ? 'asyncError' : 'immediate409';
      };
      let started: StartedUpdate;
      try {
        started = org.schedules.startUpdate(
          buId,
          weekId,
          scheduleId,
          uploadKey,
          prngs.ids.uuid(),
          now(),
          staleFailure,
        );
      } catch (error) {
        if (error instanceof SimApiError && error.status === 409) scheduleUpdates.rejected++;
        throw error;
      }
      scheduleUpdates.started++;
      scheduleUpdates.agents += started.agents;
      if (started.concurrentWith.length > 0) {
        recordViolation(
          'concurrentScheduleUpdates',
          org.id,
          `schedule:${org.id}:${buId}/${weekId}/${scheduleId}`,
          `update ${started.operation.operationId} started while ${started.concurrentWith.join(', ')} was still Processing`,
        );
      }
      const { operationId } = started.operation;
      timers.after(profile.scheduleOperationDelayMs, 'schedule update', () => {
        const finished = org.schedules.finish(operationId, now());
        if (finished?.status === 'Complete') scheduleUpdates.complete++;
        else if (finished?.status === 'Error') scheduleUpdates.error++;
        logger.debug({ orgId: org.id, operation: finished }, 'schedule update finished');
        if (finished)
          events.emit('scheduleOperationFinished', {
            orgId: org.id,
            buId,
            weekId,
            scheduleId,
            operation: finished,
          });
      });
      return started.operation;
    },
  };

  const admin: SimAdmin = {
    faults: () => profile,
    setFaults: (input) => applyProfile(parseFaultProfile(input)),
    updateFaults: (input) => applyProfile(parseFaultProfile({ ...profile, ...input })),
    setTrunkHealth(orgId, trunkId, health, variant) {
      const org = requireOrg(orgId);
      return org.trunks.toModel(setHealth(org, trunkId, health, variant));
    },
    editCampaignAsAdmin: (orgId, campaignId, fields) => adminEdit(requireOrg(orgId), campaignId, fields),
    revokeTokens(orgId) {
      if (orgId !== undefined) requireOrg(orgId);
      return tokens.revoke(orgId);
    },
    violations: () => violations.report(),
    resetViolations: () => violations.reset(),
    requestLog: (query) => requestLog.entries(query),
    clearRequestLog: () => requestLog.clear(),
    utilization(orgId, userId) {
      const org = orgsById.get(orgId);
      return org?.agents.has(userId) ? org.utilization.get(userId) : undefined;
    },
    campaign: (orgId, campaignId) => orgsById.get(orgId)?.campaigns.get(campaignId),
    trunk(orgId, trunkId) {
      const org = orgsById.get(orgId);
      const trunk = org?.trunks.get(trunkId);
      return org && trunk ? org.trunks.toModel(trunk) : undefined;
    },
    trunkHealth: (orgId, trunkId) => orgsById.get(orgId)?.trunks.get(trunkId)?.health,
    timeOffRequests: (orgId) => orgsById.get(orgId)?.timeOff.all() ?? [],
    schedule(orgId, buId, weekId, scheduleId) {
      const org = orgsById.get(orgId);
      if (!org?.schedules.has(buId, weekId, scheduleId)) return undefined;
      return org.schedules.metadata(buId, weekId, scheduleId, true);
    },
    agentSchedule: (orgId, buId, weekId, scheduleId, userId) =>
      orgsById.get(orgId)?.schedules.agentSchedule(buId, weekId, scheduleId, userId),
    scheduleOperation: (orgId, operationId) => orgsById.get(orgId)?.schedules.operation(operationId),
    scheduleUpdates: () => ({ ...scheduleUpdates }),
    notifications: {
      report: () => notifications.report(),
      resetCounters: () => notifications.resetCounters(),
      announceSocketClosing(orgId) {
        if (orgId !== undefined) requireOrg(orgId);
        return notifications.announceSocketClosing(orgId);
      },
    },
    garbledAnswers: () => ({ ...garbledAnswers }),
  };

  applyProfile(profile);
  return {
    fixture,
    admin,
    logger,
    engine,
    close() {
      background.stop();
      notifications.close();
      timers.close();
    },
  };
}
