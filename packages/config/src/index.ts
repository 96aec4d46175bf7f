export { ConfigError, type ConfigIssue, formatJsonPath } from './config-error.js';
export {
  type CommonEnv,
  commonEnvSchema,
  type EnvSource,
  type IngestEnv,
  ingestEnvSchema,
  loadCommonEnv,
  loadIngestEnv,
  loadWorkerEnv,
  type WorkerEnv,
  workerEnvSchema,
} from './env.js';
export {
  EXIT_CONFIG,
  type ExitOnConfigErrorIo,
  exitOnConfigError,
  type FatalLogger,
} from './exit-on-config-error.js';
export { type JsonSyntaxProblem, locateJsonSyntaxError } from './json-syntax.js';
export {
  apiBaseUrlFor,
  isRegion,
  loginBaseUrlFor,
  REGION_HOSTS,
  REGIONS,
  type Region,
  regionSchema,
} from './regions.js';
export {
  type LoadedTopology,
  loadTopologyFile,
  type OrgConfig,
  type OrgMode,
  type OrgNotifications,
  type ParseTopologyOptions,
  parseTopology,
  type RoutingGroupConfig,
  type Topology,
  type TrunkConfig,
} from './topology.js';
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
