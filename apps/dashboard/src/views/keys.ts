import { KEY_KINDS, type KeyKind, type SyncKey } from '@wfm-sync/domain';
import { html, type SafeHtml } from '../html/html.js';
import { keyHref } from './links.js';

export interface KeySearch {
  orgId: string | undefined;
  kind: KeyKind | undefined;
  search: string;
}

/** The search form (org, kind, part of the id) and, after a search, the matching keys. */
export function keysView(
  orgIds: readonly string[],
  searchState: KeySearch,
  found: readonly SyncKey[] | undefined,
  limit: number,
): SafeHtml {
  return html`
<form class="filters" method="get" action="/keys">
<label>Org<select name="org">
${orgIds.map((orgId) => html`<option value="${orgId}"${orgId === searchState.orgId ? html` selected` : ''}>${orgId}</option>`)}
</select></label>
<label>Kind<select name="kind">
<option value="">any</option>
${KEY_KINDS.map((kind) => html`<option value="${kind}"${kind === searchState.kind ? html` selected` : ''}>${kind}</option>`)}
</select></label>
<label>Id contains<input type="search" name="q" value="${searchState.search}" placeholder="agent, trunk, campaign, time-off or schedule id" size="40"></label>
<button type="submit">Find</button>
</form>
${
  found === undefined
    ? html`<p class="muted">Find a key by part of its id: a user id, trunk id, campaign id, time-off external id or schedule.</p>`
    : found.length === 0
      ? html`<p>No key of ${searchState.orgId ?? 'this org'} matches.</p>`
      : html`<table>
<thead><tr><th>Kind</th><th>Id</th><th>Org</th></tr></thead>
<tbody>
${found.map((key) => html`<tr><td>${key.kind}</td><td><a href="${keyHref(key)}"><code>${key.id}</code></a></td><td>${key.orgId}</td></tr>`)}
</tbody>
</table>
${found.length >= limit ? html`<p class="muted">Showing the first ${limit}; narrow the search.</p>` : ''}`
}`;
}
