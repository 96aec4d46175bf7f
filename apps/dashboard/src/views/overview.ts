import { formatDuration } from '../html/format.js';
import { html, query, type SafeHtml } from '../html/html.js';
import type { OrgBudget, RegionStatus } from '../operator.js';
import { blockCell } from './budgets.js';
import { notificationsCell } from './notifications.js';

/** Per region: every queue's counts, parked agents, dead letters, the oldest pending key; then each org's budget. */
export function overviewView(
  status: { regions: RegionStatus[]; orgs: OrgBudget[] },
  queueBoardPath: string,
  now: number,
): SafeHtml {
  return html`
${status.regions.map(
  (region) => html`
<section class="card" data-region="${region.region}">
<h2>${region.region}</h2>
<dl class="facts">
<dt>Parked agents</dt><dd><a href="/trunks${query({ region: region.region })}">${region.parkedAgents}</a></dd>
<dt>Dead letters</dt><dd><a href="/dead-letters${query({ region: region.region })}">${region.deadLetters}</a></dd>
<dt>Oldest pending key</dt><dd>${region.oldestPendingAgeMs === null ? 'none' : formatDuration(region.oldestPendingAgeMs)}</dd>
</dl>
<table>
<thead><tr><th>Queue</th><th class="num">Waiting</th><th class="num">Active</th><th class="num">Delayed</th><th class="num">Failed</th><th class="num">Completed</th></tr></thead>
<tbody>
${region.queues.map(
  (queue) => html`<tr>
<td><a href="${queueBoardPath}/queue/${encodeURIComponent(queue.name)}"><code>${queue.name}</code></a></td>
<td class="num">${queue.waiting}</td><td class="num">${queue.active}</td><td class="num">${queue.delayed}</td>
<td class="num">${queue.failed}</td><td class="num">${queue.completed}</td></tr>`,
)}
</tbody>
</table>
</section>`,
)}
${status.regions.length === 0 ? html`<p class="muted">No region in the topology.</p>` : ''}
<h2>Orgs</h2>
<table>
<thead><tr><th>Org</th><th>Region</th><th>Mode</th><th class="num">Requests this minute</th><th>429 block</th><th>Notifications</th></tr></thead>
<tbody>
${status.orgs.map(
  (org) => html`<tr><td>${org.orgId}</td><td>${org.region}</td><td>${org.mode}</td>
<td class="num">${org.usedThisMinute} / ${org.requestsPerMinute}</td>
<td>${blockCell(org, now)}</td>${notificationsCell(org.notifications, now)}</tr>`,
)}
</tbody>
</table>`;
}
