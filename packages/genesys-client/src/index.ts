export type { RedisConnection } from '@wfm-sync/redis-kit';
export {
  checkConnectUri,
  isNotificationsRefused,
  MAX_TOPICS_PER_CHANNEL,
  type SubscriptionOutcome,
  subscriptionOutcome,
} from './api/notifications.js';
export { gzipScheduleBody } from './api/schedule-body.js';
export type { TimeOffRequestQueryResult } from './api/time-off.js';
export { type ClassifyInput, classifyGenesysError } from './classify.js';
export { createGenesysClient, type GenesysClient } from './client.js';
export { GenesysApiError, type GenesysApiErrorDetails } from './errors/genesys-api-error.js';
export { GENESYS_ERROR_KINDS, type GenesysErrorKind } from './errors/genesys-error-kind.js';
export { neverSent } from './errors/never-sent.js';
export { ResponseValidationError } from './errors/response-validation-error.js';
export { UnknownOutcomeError } from './errors/unknown-outcome-error.js';
export { UploadUrlRefusedError } from './errors/upload-url-refused-error.js';
export { WriteRefusedError, type WriteRefusedReason } from './errors/write-refused-error.js';
export { type GenesysKeys, genesysKeys } from './keys.js';
export { createGenesysClientMetrics, type GenesysClientMetrics, type TokenFetchOutcome } from './metrics.js';
export * from './models/campaign.js';
export * from './models/common.js';
export { genesysObject } from './models/genesys-object.js';
export * from './models/notifications.js';
export * from './models/schedule.js';
export * from './models/time-off.js';
export * from './models/trunk.js';
export * from './models/utilization.js';
export {
  type GenesysClientOptions,
  type GenesysOrgConfig,
  GenesysOrgConfigSchema,
  type GenesysRequestEvent,
  type ReadOptions,
} from './options.js';
export { GENESYS_ROUTE_MODELS, type ResponseModel } from './route-models.js';
export { GENESYS_ROUTES } from './routes.js';
export { type HostResolver, systemResolver } from './upload-policy/guarded-lookup.js';
export { checkUploadUrl, pointsAtSimulator, type UploadUrlPolicy } from './upload-policy/upload-url.js';
export type { WriteGuard } from './write-guard.js';
