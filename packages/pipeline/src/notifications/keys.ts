/**
 * Redis keys of an org's notification listening. Like every org key they carry the hash tag `{orgId}`
 * (docs/decisions/005), so the owner's lease, the feed, the status and the interest sets share one Cluster slot.
 */
export interface NotificationKeys {
  /** String: the channel owner's lease (one process per org holds the channels); value = holder token. */
  readonly owner: string;
  /** Stream (capped by MAXLEN): what the owner heard, for every worker of the region (`FeedMessage`). */
  readonly feed: string;
  /** Hash: the org's listening status for operators (`NotificationStatusRecord`). */
  readonly status: string;
  /** Set: topics on a live channel right now (emptied when the channel is not live). */
  readonly liveTopics: string;
  /** Set: business units whose schedules topic workers asked for (before their first update). */
  readonly businessUnits: string;
}

export function notificationKeys(prefix: string, orgId: string): NotificationKeys {
  const base = `${prefix}:{${orgId}}:notif`;
  return {
    owner: `${base}:owner`,
    feed: `${base}:feed`,
    status: `${base}:status`,
    liveTopics: `${base}:live-topics`,
    businessUnits: `${base}:business-units`,
  };
}
