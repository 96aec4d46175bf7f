export { LOOPBACK_ACTOR, registerAccessControl } from './auth/access-control.js';
export {
  type BasicCredentials,
  type ConstantTimeEqual,
  CredentialCheck,
  parseBasicAuthorization,
} from './auth/credentials.js';
export { createDashboardContext, type DashboardContextOptions, queuesOf } from './operator-context.js';
export { createDashboardServer, type DashboardServerOptions } from './server.js';
export { loadTopologyWithoutSecrets } from './topology.js';
