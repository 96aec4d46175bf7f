import { KEY_KINDS } from '@wfm-sync/domain';
import type { DeadLetter } from '@wfm-sync/pipeline';
import { formatInstant } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import type { DeadLetterFilter } from '../operator.js';
import { keyHref } from './links.js';

type RegionDeadLetter = DeadLetter & { region: string };

/** Replay and remove buttons of one dead letter (plain POST forms; the server redirects back). */
export function deadLetterActions(letter: RegionDeadLetter): SafeHtml {
  const fields = html`<input type="hidden" name="region" value="${letter.region}">
<input type="hidden" name="org" value="${letter.orgId}">
<input type="hidden" name="kind" value="${letter.kind}">
<input type="hidden" name="id" value="${letter.id}">`;
  return html`<form class="inline" method="post" action="/dead-letters/replay">${fields}<button type="submit" data-action="replay">Replay</button></form>
<form class="inline" method="post" action="/dead-letters/purge">${fields}<button type="submit" class="danger" data-action="purge">Remove</button></form>`;
}

/** Filters, then every matching dead letter with its reason, last error and attempts, and the actions. */
export function deadLettersView(
  letters: readonly RegionDeadLetter[],
  filter: DeadLetterFilter,
  options: { regions: readonly string[]; orgIds: readonly string[]; now: number },
): SafeHtml {
  const filterFields = html`
<input type="hidden" name="region" value="${filter.region ?? ''}">
<input type="hidden" name="reason" value="${filter.reason ?? ''}">
<input type="hidden" name="kind" value="${filter.kind ?? ''}">
<input type="hidden" name="org" value="${filter.orgId ?? ''}">`;
  return html`
<form class="filters" method="get" action="/dead-letters">
<label>Region<select name="region"><option value="">any</option>
${options.regions.map((region) => html`<option value="${region}"${region === filter.region ? html` selected` : ''}>${region}</option>`)}
</select></label>
<label>Org<select name="org"><option value="">any</option>
${options.orgIds.map((orgId) => html`<option value="${orgId}"${orgId === filter.orgId ? html` selected` : ''}>${orgId}</option>`)}
</select></label>
<label>Kind<select name="kind"><option value="">any</option>
${KEY_KINDS.map((kind) => html`<option value="${kind}"${kind === filter.kind ? html` selected` : ''}>${kind}</option>`)}
</select></label>
<label>Reason<input name="reason" value="${filter.reason ?? ''}" placeholder="not-found, attempts-exhausted…"></label>
<button type="submit">Filter</button>
</form>
${
  letters.length === 0
    ? html`<p class="muted">No dead letter${filter.region || filter.reason || filter.kind || filter.orgId ? ' matches' : ''}.</p>`
    : html`<table id="dead-letters">
<thead><tr><th>Failed</th><th>Region</th><th>Key</th><th>Reason</th><th>Last error</th><th class="num">Attempts</th><th>Actions</th></tr></thead>
<tbody>
${letters.map(
  (letter) => html`<tr data-key="${letter.orgId}/${letter.kind}/${letter.id}">
<td>${formatInstant(letter.failedAt, options.now)}</td><td>${letter.region}</td>
<td>${letter.kind} <a href="${keyHref(letter)}"><code>${letter.id}</code></a><div class="muted">${letter.orgId}</div></td>
<td>${letter.reason}</td>
<td>${letter.lastError.kind}${letter.lastError.status === undefined ? '' : ` (${letter.lastError.status})`}: ${letter.lastError.message}${letter.lastError.correlationId === undefined ? '' : html`<div class="muted">correlation ${letter.lastError.correlationId}</div>`}</td>
<td class="num">${letter.attempts}</td>
<td>${deadLetterActions(letter)}</td></tr>`,
)}
</tbody>
</table>
<form class="inline" method="post" action="/dead-letters/replay">${filterFields}<input type="hidden" name="scope" value="filter"><button type="submit" data-action="replay-all">Replay every match</button></form>`
}`;
}
