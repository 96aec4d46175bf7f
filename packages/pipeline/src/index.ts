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
export { type DeadLetter, DeadLetters, deadLetterSchema } from './dead-letters.js';
export {
  type EventOutcome,
  EventRecorder,
  type EventRecorderOptions,
  type RecordResult,
  type UnknownReference,
} from './event-recorder.js';
export { classifyFailure, PermanentFailureError } from './failure.js';
export { dedupId, jobCatalog, RECONCILE_ATTEMPTS, reconcileJobOptions } from './jobs.js';
export { KEY_STATUSES, type KeyState, KeyStateStore, type KeyStatus } from './key-state.js';
export { Lease, LeaseLostError, LeaseManager } from './lease.js';
export { createPipelineMetrics, type PipelineMetrics } from './metrics.js';
export { agentQueueName, deadLetterQueueName, PipelineNames, regionQueueName } from './names.js';
export * from './notifications/index.js';
export type {
  DeadLetterFilter,
  KeyInspection,
  OperatorQueries,
  OrgBudget,
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
export { JobProcessor, type ReconcilerMap } from './processor.js';
export { DEFAULT_GATHER_DELAYS, type KeyToEnqueue, QueueRegistry } from './queues.js';
export {
  ScheduleReconciler,
  type ScheduleReconcilerOptions,
} from './reconcile/schedule.js';
export { ScheduleUpdateFailedError } from './reconcile/schedule-errors.js';
export { TIME_OFF_VERSION_ROUNDS, type TimeOffMapping, TimeOffReconciler } from './reconcile/timeoff.js';
export { isKeyPlanner, type KeyPlanner, type PlanOptions } from './reconcile/types.js';
export { OrgKeys, webhookIdKey } from './redis-keys.js';
export {
  buildReconcilers,
  type RegionWorkerOptions,
  type RunningRegionWorker,
  startRegionWorker,
} from './region-worker.js';
export { queueForKey, queuesOfRegion } from './routing.js';
export { Sweeper } from './sweeper.js';
export { type Decision, type DecisionOutcome, DecisionTrail, TRAIL_LENGTH } from './trail.js';
export { type TrunkHealthRecord, TrunkHealthStore } from './trunk-health-store.js';
export { TrunkMonitor } from './trunk-monitor.js';
export { TrunkPoller } from './trunk-poller.js';
