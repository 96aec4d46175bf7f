import { counter, gauge, histogram } from '@wfm-sync/observability';
import type { Registry } from 'prom-client';

/** Pipeline metrics; names follow Prometheus conventions (README: metrics catalog). */
export function createPipelineMetrics(registry: Registry) {
  return {
    decisions: counter(registry, {
      name: 'wfm_sync_reconcile_decisions_total',
      help: 'Reconcile decisions by key kind, outcome (applied, noop, parked, planned, retried, waiting, dead-lettered) and reason.',
      labelNames: ['kind', 'outcome', 'reason'],
    }),
    duration: histogram(registry, {
      name: 'wfm_sync_reconcile_duration_seconds',
      help: 'Time to reconcile one key, Genesys calls included.',
      labelNames: ['kind'],
    }),
    events: counter(registry, {
      name: 'wfm_sync_events_total',
      help: 'WFM events received by type and result (accepted, duplicate, stale).',
      labelNames: ['type', 'result'],
    }),
    trunkHealthChanges: counter(registry, {
      name: 'wfm_sync_trunk_health_changes_total',
      help: 'Trunk health transitions seen, by org and new health.',
      labelNames: ['org', 'health'],
    }),
    sweptKeys: counter(registry, {
      name: 'wfm_sync_swept_keys_total',
      help: 'Keys re-enqueued by the sweeper because they were due and not yet applied.',
      labelNames: ['org'],
    }),
    leaseConflicts: counter(registry, {
      name: 'wfm_sync_lease_conflicts_total',
      help: 'Jobs that found their key leased by another worker and waited.',
      labelNames: ['kind'],
    }),
    scheduleUploadAgents: histogram(
      registry,
      {
        name: 'wfm_sync_schedule_upload_agents',
        help: 'Agents per schedule upload (one update of a schedule), by outcome (complete, stale, retry, invalid); sum/count is the mean batch size.',
        labelNames: ['outcome'],
      },
      [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    ),
    queueJobs: gauge(registry, {
      name: 'wfm_sync_queue_jobs',
      help: 'Jobs per queue and state, sampled on scrape.',
      labelNames: ['queue', 'state'],
    }),
  };
}
export type PipelineMetrics = ReturnType<typeof createPipelineMetrics>;
