export { ConfigError, type ConfigIssue, formatJsonPath } from './config-error.js';
export {
  EXIT_CONFIG,
  type ExitOnConfigErrorIo,
  exitOnConfigError,
  type FatalLogger,
} from './exit-on-config-error.js';
export { type JsonSyntaxProblem, locateJsonSyntaxError } from './json-syntax.js';
export { isLoopbackHost } from './loopback.js';
export {
  apiBaseUrlFor,
  isRegion,
  loginBaseUrlFor,
  REGION_HOSTS,
  REGIONS,
  type Region,
  regionSchema,
} from './regions.js';
export { CLI_VARIABLES, type CliSettings, loadCliSettings } from './settings/cli.js';
export { type CommonEnv, loadCommonEnv } from './settings/common.js';
export {
  DASHBOARD_VARIABLES,
  type DashboardAuth,
  type DashboardSettings,
  loadDashboardSettings,
  MIN_PASSWORD_LENGTH,
} from './settings/dashboard.js';
export {
  INGEST_VARIABLES,
  type IngestSettings,
  loadIngestSettings,
  MIN_WEBHOOK_ID_TTL_S,
} from './settings/ingest.js';
export type { EnvSource } from './settings/parse.js';
export { MIN_WEBHOOK_SECRET_BYTES } from './settings/webhook-secrets.js';
export { loadWorkerSettings, WORKER_VARIABLES, type WorkerSettings } from './settings/worker.js';
export {
  type LoadedTopology,
  loadTopologyFile,
  type OrgConfig,
  type OrgMode,
  type OrgNotifications,
  type ParseTopologyOptions,
  parseTopology,
  type RoutingGroupConfig,
  type SecretsNeed,
  type Topology,
  type TrunkConfig,
} from './topology.js';
export {
  diffTopology,
  type ReloadLogger,
  type ReloadResult,
  type TopologyChanges,
  TopologyHolder,
  type TopologyListener,
} from './topology-holder.js';
export { TopologyIndex } from './topology-index.js';
export {
  idSchema,
  orgModeSchema,
  orgSchema,
  routingGroupSchema,
  type TopologyFile,
  topologySchema,
  trunkSchema,
} from './topology-schema.js';
