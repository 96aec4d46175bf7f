import { formatDuration, formatInstant } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { badge } from '../html/layout.js';
import type { OrgBudget } from '../operator.js';

/** "blocked, 12s left" while a 429 holds the org, else "none". */
export function blockCell(org: OrgBudget, now: number): SafeHtml {
  if (org.blockedUntil === null || org.blockedUntil <= now) return html`<span class="muted">none</span>`;
  return html`${badge('blocked')} ${formatDuration(org.blockedUntil - now)} left`;
}

/** Why nothing is sent to the org (paused, quota spent until T, client refused), with the detail as a tooltip. */
export function holdsCell(org: OrgBudget, now: number): SafeHtml {
  if (org.holds.length === 0) return html`<span class="muted">none</span>`;
  return html`${org.holds.map(
    (hold) =>
      html`<span title="${hold.detail}">${badge(hold.reason)}${hold.until === undefined ? '' : html` ${formatDuration(hold.until - now)} left`}</span> `,
  )}`;
}

/** Pause (or resume) button of one org: a plain POST form; the server redirects back. */
function holdAction(org: OrgBudget): SafeHtml {
  const paused = org.holds.some((hold) => hold.reason === 'paused');
  const verb = paused ? 'resume' : 'pause';
  return html`<form class="inline" method="post" action="/budgets/${verb}"><input type="hidden" name="org" value="${org.orgId}"><button type="submit"${paused ? '' : html` class="danger"`} data-action="${verb}">${paused ? 'Resume' : 'Pause'}</button></form>`;
}

/** Per org: requests every process sent this minute against the budget, any 429 block, and its holds. */
export function budgetsView(orgs: readonly OrgBudget[], now: number): SafeHtml {
  return html`
<p class="muted">The budget is shared by every process of an org; a 429 blocks the whole org until its Retry-After passes. A paused org (or one whose quota is spent or whose client is refused) is sent nothing: its changes wait and converge when it resumes.</p>
<table>
<thead><tr><th>Org</th><th>Region</th><th>Mode</th><th class="num">Used this minute</th><th class="num">Budget / min</th><th class="num">Used</th><th>429 block</th><th>Blocked until</th><th>Held</th><th></th></tr></thead>
<tbody>
${orgs.map(
  (org) => html`<tr data-org="${org.orgId}">
<td>${org.orgId}</td><td>${org.region}</td><td>${org.mode}</td>
<td class="num">${org.usedThisMinute}</td><td class="num">${org.requestsPerMinute}</td>
<td class="num">${org.requestsPerMinute > 0 ? Math.round((100 * org.usedThisMinute) / org.requestsPerMinute) : 0}%</td>
<td>${blockCell(org, now)}</td>
<td>${formatInstant(org.blockedUntil, now)}</td>
<td>${holdsCell(org, now)}</td><td>${holdAction(org)}</td></tr>`,
)}
</tbody>
</table>
${orgs.length === 0 ? html`<p class="muted">No org in the topology.</p>` : ''}`;
}
