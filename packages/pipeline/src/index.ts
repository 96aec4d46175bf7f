export { createOrgClients, type OrgClientsOptions } from './clients.js';
export {
  DEFAULT_SETTINGS,
  isDryRun,
  type PipelineContext,
  type PipelineSettings,
  type PipelineTestHooks,
} from './context.js';
export {
  type CreateContextOptions,
  createOperatorContext,
  createPipelineContext,
  createWorkerContext,
  type OperatorContextOptions,
  type WorkerContextOptions,
} from './create-context.js';
export { LeaseLostError } from './errors/lease-lost.js';
export { PermanentFailureError } from './errors/permanent-failure.js';
export { ScheduleUpdateFailedError } from './errors/schedule-update-failed.js';
export { TimeOffOverlapPendingError } from './errors/time-off-overlap-pending.js';
export {
  type EventOutcome,
  EventRecorder,
  type EventRecorderOptions,
  type RecordOptions,
  type RecordResult,
  type UnknownReference,
} from './ingest/event-recorder.js';
export { dedupId, jobCatalog, RECONCILE_ATTEMPTS, reconcileJobOptions } from './ingest/jobs.js';
export { DEFAULT_GATHER_DELAYS, type KeyToEnqueue, QueueRegistry } from './ingest/queues.js';
export { queueForKey, queueOfStoredKey, queuesOfOrg, queuesOfRegion } from './ingest/routing.js';
export {
  type ClaimOutcome,
  WebhookClaim,
  type WebhookIdClaim,
  type WebhookIdState,
} from './ingest/webhook-claim.js';
export { type MembershipChanges, membershipChanges } from './membership.js';
export { createPipelineMetrics, type PipelineMetrics } from './metrics.js';
export * from './notifications/index.js';
export type {
  DeadLetterFilter,
  KeyInspection,
  OperatorQueries,
  OrgBudget,
  OrgHoldChange,
  OrgNotifications,
  PacingView,
  QueueCounts,
  RegionStatus,
  TrunkView,
} from './operator/api.js';
export type { OperatorContext } from './operator/context.js';
export { createOperatorQueries } from './operator/create-operator-queries.js';
export {
  type KeyPlanFailure,
  type OrgPlanOptions,
  type OrgPlanReport,
  type OrgPlanTotals,
  PLAN_KINDS,
  type PlanKind,
  type PlanProgress,
  planOrg,
} from './operator/plan-org.js';
export { ReadOnlyTrunkMonitor } from './operator/read-only-trunk-monitor.js';
export type { OrderingReset } from './operator/reset-ordering.js';
export {
  ScheduleReconciler,
  type ScheduleReconcilerOptions,
} from './reconcile/schedule/reconciler.js';
export type { ScheduleListening } from './reconcile/schedule/upload.js';
export { TIME_OFF_VERSION_ROUNDS, TimeOffReconciler } from './reconcile/timeoff/reconciler.js';
export { isKeyPlanner, type KeyPlanner, type PlanOptions } from './reconcile/types.js';
export { type DeadLetter, DeadLetters, deadLetterSchema } from './store/dead-letters.js';
export { KEY_STATUSES, type KeyState, KeyStateStore, type KeyStatus } from './store/key-state.js';
export { Lease, LeaseManager } from './store/lease.js';
export {
  agentQueueName,
  deadLetterQueueName,
  orgQueueName,
  PipelineNames,
  regionQueueName,
} from './store/names.js';
export { ORG_HOLD_REASONS, type OrgHold, type OrgHoldReason, OrgHolds } from './store/org-holds.js';
export { OrgKeys, webhookIdKey } from './store/redis-keys.js';
export type { TimeOffMapping } from './store/timeoff-mappings.js';
export { type Decision, type DecisionOutcome, DecisionTrail, TRAIL_LENGTH } from './store/trail.js';
export { type TrunkHealthRecord, TrunkHealthStore } from './store/trunk-health-store.js';
export { classifyFailure } from './worker/failure.js';
export {
  STATUS_STALE_AFTER_MS,
  startListening,
  type WorkerListening,
  type WorkerListeningOptions,
} from './worker/listening.js';
export { JobProcessor, type ReconcilerMap } from './worker/processor.js';
export {
  buildReconcilers,
  type RegionWorkerOptions,
  type RunningRegionWorker,
  startRegionWorker,
} from './worker/region-worker.js';
export { Sweeper } from './worker/sweeper.js';
export {
  TrunkPollCadence,
  type TrunkPollCadenceOptions,
  trunkListingKey,
} from './worker/trunk-cadence.js';
export { type ListingTimes, TrunkMonitor } from './worker/trunk-monitor.js';
export { TrunkPoller } from './worker/trunk-poller.js';
