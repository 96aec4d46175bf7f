import { counter, gauge } from '@wfm-sync/observability';
import type { Registry } from 'prom-client';
import type { NotificationStatusRecord } from './status-store.js';

export const NOTIFICATION_STATUSES = [
  'idle',
  'creating',
  'subscribing',
  'connecting',
  'connected',
  'degraded',
  'reconnecting',
  'fallback',
  'no-owner',
  'off',
] as const;

/** Notification listening metrics (README: metrics catalog). Gauges are set from the org's status record. */
export function createNotificationMetrics(registry: Registry) {
  return {
    status: gauge(registry, {
      name: 'wfm_sync_notifications_status',
      help: "1 for the org's current notification status (connected, degraded, reconnecting, fallback, no-owner, …), 0 for the others.",
      labelNames: ['org', 'status'],
    }),
    lastHeartbeat: gauge(registry, {
      name: 'wfm_sync_notifications_last_heartbeat_timestamp_seconds',
      help: "When the org's live channel last got a heartbeat (Unix seconds; 0 while not live).",
      labelNames: ['org'],
    }),
    fallbackSince: gauge(registry, {
      name: 'wfm_sync_notifications_fallback_since_timestamp_seconds',
      help: 'Since when the org polls only because its channel was refused (Unix seconds; 0 when not in fallback).',
      labelNames: ['org'],
    }),
    gaps: counter(registry, {
      name: 'wfm_sync_notifications_gaps_total',
      help: 'Gaps in listening (reconnects, new channels, missed heartbeats, rejected topics) by org and reason; each costs one re-sync read.',
      labelNames: ['org', 'reason'],
    }),
    messages: counter(registry, {
      name: 'wfm_sync_notifications_messages_total',
      help: 'Messages received on notification channels by org and kind (trunk, schedule, heartbeat, pong, socket-closing, other, invalid).',
      labelNames: ['org', 'kind'],
    }),
  };
}
export type NotificationMetrics = ReturnType<typeof createNotificationMetrics>;

/** Sets the gauges of one org from its status record (the owner after each change; any worker when sampling). */
export function recordNotificationStatus(
  metrics: NotificationMetrics,
  orgId: string,
  record: NotificationStatusRecord | undefined,
): void {
  const current = record?.status ?? 'idle';
  for (const status of NOTIFICATION_STATUSES) {
    metrics.status.set({ org: orgId, status }, status === current ? 1 : 0);
  }
  metrics.lastHeartbeat.set({ org: orgId }, (record?.lastHeartbeatAt ?? 0) / 1000);
  metrics.fallbackSince.set({ org: orgId }, current === 'fallback' ? (record?.fallbackSince ?? 0) / 1000 : 0);
}

/**
 * Drops the gauges of an org no longer listened to (removed by a topology reload): left set, they would report its
 * last status for ever, and `WfmSyncNotificationsFallback` would keep firing for an org nobody works.
 */
export function forgetNotificationStatus(metrics: NotificationMetrics, orgId: string): void {
  for (const status of NOTIFICATION_STATUSES) metrics.status.remove({ org: orgId, status });
  metrics.lastHeartbeat.remove({ org: orgId });
  metrics.fallbackSince.remove({ org: orgId });
}
