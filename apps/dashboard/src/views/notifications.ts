import { formatDuration } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { badge } from '../html/layout.js';
import type { OrgBudget } from '../operator.js';

/**
 * An org's notification listening (decision 024) as one table cell: the status, since when, the last heartbeat,
 * the gaps, and why in fallback.
 */
export function notificationsCell(n: OrgBudget['notifications'], now: number): SafeHtml {
  const since = n.since === null ? '' : ` ${formatDuration(Math.max(0, now - n.since))}`;
  const why = n.status === 'fallback' && n.reason ? ` (${n.reason})` : '';
  const heartbeat =
    n.lastHeartbeatAt === null || n.status === 'off'
      ? ''
      : `, heartbeat ${formatDuration(Math.max(0, now - n.lastHeartbeatAt))} ago`;
  const gaps = n.gaps > 0 ? `, ${n.gaps} ${n.gaps === 1 ? 'gap' : 'gaps'}` : '';
  return html`<td data-notifications="${n.status}">${badge(n.status)}${why}${since}${heartbeat}${gaps}</td>`;
}
