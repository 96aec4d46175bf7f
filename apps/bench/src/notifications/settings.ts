import type { FaultProfileInput } from '@wfm-sync/local-stack/gc-sim';

/** The topology's `notifications` (docs/operator-interface.md): listen when Genesys grants a channel, or never. */
export const NOTIFICATION_MODES = ['auto', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/**
 * Faults of Genesys' notification service for a run, on top of the scenario's own (decision 021). Drops and cuts
 * hold for the whole run, convergence included: a push may go missing at any time, so wfm-sync must not depend on
 * one after the feed either. Socket closings are the bench's own announcements, spread over the feed.
 */
export interface NotificationFaults {
  /** Share of topic messages for a live connection thrown away (gc-sim `dropMessageRate`). */
  dropRate: number;
  /**
   * Mean seconds between two cuts of one connection, at random (gc-sim `connectionCutsPerMinute` = 60 ÷ this; the
   * peer sees 1006). undefined: no cut.
   */
  cutEveryS?: number | undefined;
  /** `v2.system.socket_closing` maintenance announcements during the feed, each to every live connection. */
  socketClosings: number;
}

/** What a run does about notifications; every field optional so that a bench without flags runs as before. */
export interface NotificationSettings {
  /** Every org's `notifications` in the generated topology; undefined: the topology's default (`auto`). */
  mode?: NotificationMode | undefined;
  faults?: NotificationFaults | undefined;
}

/** The fault profile with gc-sim's `notifications` block set from `faults` (its other fields keep their defaults). */
export function withNotificationFaults(
  profile: FaultProfileInput,
  faults: NotificationFaults | undefined,
): FaultProfileInput {
  if (!faults) return profile;
  return {
    ...profile,
    notifications: {
      ...profile.notifications,
      dropMessageRate: faults.dropRate,
      connectionCutsPerMinute: faults.cutEveryS === undefined ? 0 : 60 / faults.cutEveryS,
    },
  };
}

const percent = (rate: number) => `${Number((rate * 100).toFixed(2))}%`;

/** For the report's header, so that a table row copied elsewhere can be traced to what it measured. */
export function describeNotificationSettings(settings: NotificationSettings): string {
  const mode = settings.mode ?? 'auto (topology default)';
  const faults = settings.faults;
  if (!faults) return `notifications ${mode}, no notification faults`;
  const parts = [
    `${percent(faults.dropRate)} of topic messages dropped`,
    faults.cutEveryS === undefined
      ? 'no connection cut'
      : `each connection cut every ${faults.cutEveryS} s on average (random)`,
    `${faults.socketClosings} socket_closing${faults.socketClosings === 1 ? '' : 's'} during the feed`,
  ];
  return `notifications ${mode}, notification faults: ${parts.join(', ')}`;
}
