export {
  CONCURRENT_MODIFICATION_MESSAGE,
  type ErrorBody,
  SimApiError,
  VERSION_MISMATCH_MESSAGE,
} from './errors.js';
export {
  type FaultProfile,
  type FaultProfileInput,
  faultProfileSchema,
  parseFaultProfile,
  regionalLatencyPresets,
} from './faults/profile.js';
export {
  DEFAULT_ACTIVITY_CODE_IDS,
  type GenerateFixtureOptions,
  generateFixture,
} from './fixture/generate.js';
export { InvalidFixtureError, loadFixtureFile, parseFixture } from './fixture/load.js';
export {
  type FixtureAgent,
  type FixtureBusinessUnit,
  type FixtureCampaign,
  type FixtureManagementUnit,
  type FixtureOrg,
  type FixtureRoutingGroup,
  type FixtureTrunk,
  type SimFixture,
  simFixtureSchema,
} from './fixture/schema.js';
export { createLogger, type Logger, silentLogger } from './logger.js';
export {
  emptyOrgNotificationCounters,
  type NotificationReport,
  type OrgNotificationCounters,
  type TopicCounters,
} from './notifications/counters.js';
export {
  CHANNEL_LIFETIME_MS,
  type ChannelModel,
  CLOSE_CODES,
  MAX_CHANNELS_PER_CLIENT,
  MAX_TOPICS_PER_CHANNEL,
} from './notifications/hub.js';
export { buSchedulesTopic, type ChannelTopicModel, trunkTopic } from './notifications/topics.js';
export { createPrng, type Prng } from './prng.js';
export type { RequestLogEntry } from './request-log.js';
export type { ScheduleUpdateTally } from './schedule-update-tally.js';
export { createSimServer, type SimServerOptions } from './server/create-server.js';
export {
  createSimulator,
  type NotificationAdmin,
  type SimAdmin,
  SimAdminError,
  type SimEngine,
  type SimOptions,
  type Simulator,
} from './simulator.js';
export { type RunningSim, type StartSimOptions, startSim } from './start.js';
export { type PlainShift, plainShifts, type StoredShiftLike } from './state/plain-shifts.js';
export type { AgentScheduleState, ScheduleOperation } from './state/schedules.js';
export type { TimeOffRecord } from './state/time-off.js';
export {
  degradedVariants,
  type HealthVariant,
  offlineVariants,
  type TrunkHealth,
  trunkHealths,
} from './state/trunks.js';
export {
  type AgentMaxUtilizationResponse,
  type MediaType,
  mediaTypes,
  ORG_DEFAULT_UTILIZATION,
} from './state/utilization.js';
export { extractTimeOffMarker, timeOffMarker } from './time-off-marker.js';
export {
  type SimTopology,
  type TopologyOptions,
  type TopologyOrg,
  type TopologyWithSecrets,
  topologyFromFixture,
} from './topology.js';
export {
  type ViolationCounters,
  type ViolationEntry,
  type ViolationKind,
  type ViolationReport,
  violationKinds,
} from './violations.js';
