import { formatDuration } from './time.js';

/** What `status` shows of an org's notification listening (decision 024). */
export interface NotificationsCell {
  status: string;
  since: number | null;
  lastHeartbeatAt: number | null;
  gaps: number;
  reason: string | null;
}

/** `connected 12 m 03 s, heartbeat 4 s ago, 1 gap`, `fallback (refused) 20 m 00 s`, `off`. */
export function formatNotifications(n: NotificationsCell, now: number): string {
  const parts: string[] = [];
  let head = n.status;
  if (n.status === 'fallback' && n.reason) head += ` (${n.reason})`;
  if (n.since !== null) head += ` ${formatDuration(Math.max(0, now - n.since))}`;
  parts.push(head);
  if (n.lastHeartbeatAt !== null && n.status !== 'off') {
    parts.push(`heartbeat ${formatDuration(Math.max(0, now - n.lastHeartbeatAt))} ago`);
  }
  if (n.gaps > 0) parts.push(`${n.gaps} ${n.gaps === 1 ? 'gap' : 'gaps'}`);
  return parts.join(', ');
}
