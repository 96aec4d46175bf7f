/** Per topic: what the simulator published and what reached, or missed, the subscribed channels. */
export interface TopicCounters {
  /** Events published on the topic, whether anyone listened or not. */
  published: number;
  /** Messages written to a live connection of a subscribed channel. */
  sent: number;
  /** Messages for a live connection thrown away by the `dropMessageRate` fault. */
  dropped: number;
  /** Messages for a subscribed channel that had no connection at the time (lost: there is no replay). */
  notConnected: number;
}

/** Per org (one OAuth client each). */
export interface OrgNotificationCounters {
  channelsCreated: number;
  /** Channels removed to make room for a 21st (least recently used, unconnected first). */
  channelsEvicted: number;
  /** Channels that reached their expiry (early expiry included). */
  channelsExpired: number;
  /** Channels alive now. */
  channelsLive: number;
  /** WebSocket connections accepted. */
  connectionsOpened: number;
  /** Connections open now. */
  connectionsOpen: number;
  /** Upgrades refused: unknown or expired channel, or one already connected. */
  connectionsRefused: number;
  /** Connections ended by the `connectionCutsPerMinute` fault (no close frame). */
  connectionsCut: number;
  /** `v2.system.socket_closing` messages sent. */
  socketClosingsSent: number;
  heartbeatsSent: number;
  /** Heartbeats that were due while `heartbeatsStopped` held them back. */
  heartbeatsWithheld: number;
  pongsSent: number;
  /** Topics answered `Rejected` by subscription calls. */
  topicsRejected: number;
  /** Notification REST calls refused with 403 by the `refusedOrgIds` fault. */
  refusedCalls: number;
}

export interface NotificationReport {
  orgs: Record<string, OrgNotificationCounters>;
  topics: Record<string, TopicCounters>;
}

/** Every counter of an org at zero. */
export const emptyOrgNotificationCounters = (): OrgNotificationCounters => ({
  channelsCreated: 0,
  channelsEvicted: 0,
  channelsExpired: 0,
  channelsLive: 0,
  connectionsOpened: 0,
  connectionsOpen: 0,
  connectionsRefused: 0,
  connectionsCut: 0,
  socketClosingsSent: 0,
  heartbeatsSent: 0,
  heartbeatsWithheld: 0,
  pongsSent: 0,
  topicsRejected: 0,
  refusedCalls: 0,
});

/** Counters of the notification service; `channelsLive`/`connectionsOpen` are gauges and survive a reset. */
export class NotificationCounters {
  private orgs = new Map<string, OrgNotificationCounters>();
  private topics = new Map<string, TopicCounters>();

  org(orgId: string): OrgNotificationCounters {
    let counters = this.orgs.get(orgId);
    if (!counters) {
      counters = emptyOrgNotificationCounters();
      this.orgs.set(orgId, counters);
    }
    return counters;
  }

  topic(topic: string): TopicCounters {
    let counters = this.topics.get(topic);
    if (!counters) {
      counters = { published: 0, sent: 0, dropped: 0, notConnected: 0 };
      this.topics.set(topic, counters);
    }
    return counters;
  }

  report(): NotificationReport {
    return {
      orgs: Object.fromEntries([...this.orgs].map(([id, c]) => [id, { ...c }])),
      topics: Object.fromEntries([...this.topics].map(([id, c]) => [id, { ...c }])),
    };
  }

  reset(): void {
    const gauges = [...this.orgs].map(([id, c]) => [id, c.channelsLive, c.connectionsOpen] as const);
    this.orgs = new Map();
    this.topics = new Map();
    for (const [id, channelsLive, connectionsOpen] of gauges) {
      Object.assign(this.org(id), { channelsLive, connectionsOpen });
    }
  }
}
