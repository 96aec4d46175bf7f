import { formatDuration, formatInstant } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { badge } from '../html/layout.js';
import type { OrgBudget } from '../operator.js';

/** "blocked, 12s left" while a 429 holds the org, else "none". */
export function blockCell(org: OrgBudget, now: number): SafeHtml {
  if (org.blockedUntil === null || org.blockedUntil <= now) return html`<span class="muted">none</span>`;
  return html`${badge('blocked')} ${formatDuration(org.blockedUntil - now)} left`;
}

/** Per org: requests every process sent this minute against the budget, and any 429 block. */
export function budgetsView(orgs: readonly OrgBudget[], now: number): SafeHtml {
  return html`
<p class="muted">The budget is shared by every process of an org; a 429 blocks the whole org until its Retry-After passes.</p>
<table>
<thead><tr><th>Org</th><th>Region</th><th>Mode</th><th class="num">Used this minute</th><th class="num">Budget / min</th><th class="num">Used</th><th>429 block</th><th>Blocked until</th></tr></thead>
<tbody>
${orgs.map(
  (org) => html`<tr data-org="${org.orgId}">
<td>${org.orgId}</td><td>${org.region}</td><td>${org.mode}</td>
<td class="num">${org.usedThisMinute}</td><td class="num">${org.requestsPerMinute}</td>
<td class="num">${org.requestsPerMinute > 0 ? Math.round((100 * org.usedThisMinute) / org.requestsPerMinute) : 0}%</td>
<td>${blockCell(org, now)}</td>
<td>${formatInstant(org.blockedUntil, now)}</td></tr>`,
)}
</tbody>
</table>
${orgs.length === 0 ? html`<p class="muted">No org in the topology.</p>` : ''}`;
}
