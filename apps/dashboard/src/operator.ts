/** The pipeline's operator API, as the dashboard uses it (packages/pipeline/src/operator/api.ts). */
export type {
  DeadLetterFilter,
  KeyInspection,
  OperatorQueries,
  OrgBudget,
  PacingView,
  QueueCounts,
  RegionStatus,
  TrunkView,
} from '@wfm-sync/pipeline';
