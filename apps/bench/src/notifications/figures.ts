import type { NotificationReport } from '@wfm-sync/local-stack/gc-sim';
import { num } from '../figures/format.js';
import type { SocketClosingAnnouncement } from './socket-closings.js';

/** Topic messages, summed over topics (decision 021's counters). */
export interface NotificationMessageFigures {
  /** Events the simulator published, whether anyone listened or not. */
  published: number;
  /** Written to a live connection of a subscribed channel. */
  sent: number;
  /** Thrown away by the drop fault although a connection was live. */
  dropped: number;
  /** Due to a subscribed channel with no connection at the time: lost, there is no replay. */
  notConnected: number;
}

/**
 * What the notification service did during one run, from the simulator's counters, never from wfm-sync: the proof
 * that the faults asked for happened (messages dropped, connections cut, socket_closing sent).
 */
export interface NotificationFigures {
  channelsCreated: number;
  connectionsOpened: number;
  connectionsCut: number;
  socketClosingsSent: number;
  heartbeatsSent: number;
  topicsRejected: number;
  messages: NotificationMessageFigures;
  /** The bench's own maintenance announcements during the feed. */
  announcements: SocketClosingAnnouncement[];
  /** The simulator's counters as they were, per org. */
  byOrg: NotificationReport['orgs'];
}

export function notificationFigures(
  report: NotificationReport,
  announcements: readonly SocketClosingAnnouncement[],
): NotificationFigures {
  const orgs = Object.values(report.orgs);
  const sumOrgs = (pick: (c: (typeof orgs)[number]) => number) => orgs.reduce((n, c) => n + pick(c), 0);
  const topics = Object.values(report.topics);
  const sumTopics = (pick: (c: (typeof topics)[number]) => number) => topics.reduce((n, c) => n + pick(c), 0);
  return {
    channelsCreated: sumOrgs((c) => c.channelsCreated),
    connectionsOpened: sumOrgs((c) => c.connectionsOpened),
    connectionsCut: sumOrgs((c) => c.connectionsCut),
    socketClosingsSent: sumOrgs((c) => c.socketClosingsSent),
    heartbeatsSent: sumOrgs((c) => c.heartbeatsSent),
    topicsRejected: sumOrgs((c) => c.topicsRejected),
    messages: {
      published: sumTopics((c) => c.published),
      sent: sumTopics((c) => c.sent),
      dropped: sumTopics((c) => c.dropped),
      notConnected: sumTopics((c) => c.notConnected),
    },
    announcements: [...announcements],
    byOrg: report.orgs,
  };
}

function announcementsText(announcements: readonly SocketClosingAnnouncement[]): string {
  if (announcements.length === 0) return '';
  const each = announcements.map((a) => `${num(a.connections)} at ${num(a.atS, 1)} s`).join(', ');
  return ` (the bench's announcements, live connections reached: ${each})`;
}

/** One line for the report: the channels, the faults as they happened, and the topic messages' fate. */
export function notificationText(f: NotificationFigures): string {
  const { published, sent, dropped, notConnected } = f.messages;
  const due = sent + dropped;
  const dropShare = due === 0 ? '' : ` (${num((dropped * 100) / due, 1)}% of those due on a live connection)`;
  return [
    `${num(f.channelsCreated)} channels created, ${num(f.connectionsOpened)} connections opened, ${num(f.connectionsCut)} cut, ${num(f.socketClosingsSent)} socket_closing sent${announcementsText(f.announcements)}, ${num(f.heartbeatsSent)} heartbeats`,
    `topic messages: ${num(published)} published, ${num(sent)} sent, ${num(dropped)} dropped${dropShare}, ${num(notConnected)} due while not connected`,
    ...(f.topicsRejected > 0 ? [`${num(f.topicsRejected)} topics rejected`] : []),
  ].join('; ');
}
