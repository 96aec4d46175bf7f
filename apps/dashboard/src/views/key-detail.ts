import { formatPlan } from '@wfm-sync/domain';
import { formatInstant, prettyJson } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { badge } from '../html/layout.js';
import type { KeyInspection } from '../operator.js';
import { deadLetterActions } from './dead-letters.js';

/** One key: status and reason, desired versus last applied, the latest plan, the decision trail, any dead letter. */
export function keyDetailView(inspection: KeyInspection, now: number): SafeHtml {
  const { key, plan, deadLetter } = inspection;
  return html`
<div class="grid">
<section class="card">
<h2>Status</h2>
<dl class="facts" id="key-status">
<dt>Key</dt><dd><code>${key.orgId}/${key.kind}/${key.id}</code></dd>
<dt>Status</dt><dd>${badge(inspection.status)}</dd>
<dt>Reason</dt><dd id="key-reason">${inspection.reason ?? '—'}</dd>
<dt>Queue</dt><dd><code>${inspection.queue ?? '—'}</code></dd>
<dt>Desired rev</dt><dd>${inspection.rev}</dd>
<dt>Applied rev</dt><dd>${inspection.appliedRev}</dd>
<dt>Last applied</dt><dd>${formatInstant(inspection.appliedAt, now)}</dd>
<dt>Verified in Genesys</dt><dd>${formatInstant(inspection.verifiedAt, now)}</dd>
</dl>
</section>
<section class="card">
<h2>Latest plan</h2>
${
  plan === null
    ? html`<p class="muted">No plan yet.</p>`
    : html`<p><code>${formatPlan(plan)}</code></p>
<table><thead><tr><th>Field</th><th>Genesys</th><th>Desired</th></tr></thead><tbody>
${plan.changes.map((change) => html`<tr><td><code>${change.field}</code></td><td><code>${JSON.stringify(change.current) ?? '—'}</code></td><td><code>${JSON.stringify(change.desired) ?? '—'}</code></td></tr>`)}
</tbody></table>
${plan.calls.length === 0 ? html`<p class="muted">No call needed.</p>` : html`<p>Calls: ${plan.calls.map((call) => html`<code>${call.method} ${call.resource} ${call.target}</code> `)}</p>`}`
}
</section>
</div>
${
  deadLetter === null
    ? ''
    : html`<section class="card" id="dead-letter">
<h2>Dead letter</h2>
<dl class="facts">
<dt>Reason</dt><dd>${badge('dead-lettered')} ${deadLetter.reason}</dd>
<dt>Last error</dt><dd>${deadLetter.lastError.kind}${deadLetter.lastError.status === undefined ? '' : ` (${deadLetter.lastError.status})`}: ${deadLetter.lastError.message}</dd>
<dt>Attempts</dt><dd>${deadLetter.attempts}</dd>
<dt>Failed at</dt><dd>${formatInstant(deadLetter.failedAt, now)}</dd>
</dl>
<p>${deadLetterActions(deadLetter)}</p>
</section>`
}
<div class="grid">
<section><h2>Desired state</h2><pre id="desired">${prettyJson(inspection.desired)}</pre></section>
<section><h2>Last applied</h2><pre id="applied">${prettyJson(inspection.applied)}</pre></section>
</div>
<h2>Decision trail <span class="muted">(newest first)</span></h2>
<table id="trail">
<thead><tr><th>Time</th><th>Worker</th><th class="num">Attempt</th><th>Outcome</th><th>Reason</th><th>Detail</th><th class="num">Rev</th></tr></thead>
<tbody>
${inspection.trail.map(
  (decision) => html`<tr><td>${formatInstant(decision.at, now)}</td><td><code>${decision.worker}</code></td>
<td class="num">${decision.attempt}</td><td>${badge(decision.outcome)}</td><td>${decision.reason}</td>
<td>${decision.detail ?? ''}</td><td class="num">${decision.rev ?? ''}</td></tr>`,
)}
</tbody>
</table>
${inspection.trail.length === 0 ? html`<p class="muted">No decision recorded yet.</p>` : ''}`;
}
