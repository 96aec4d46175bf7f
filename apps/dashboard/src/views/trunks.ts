import { formatInstant } from '../html/format.js';
import { html, type SafeHtml } from '../html/html.js';
import { badge } from '../html/layout.js';
import type { TrunkView } from '../operator.js';
import { keyHref } from './links.js';

/** Parked agents listed per trunk before "and N more" (the count is always exact). */
const PARKED_SHOWN = 50;

/** Each trunk's health and since when, and the agents parked on it; unhealthy trunks first. */
export function trunksView(trunks: readonly TrunkView[], now: number): SafeHtml {
  const ordered = [...trunks].sort(
    (a, b) =>
      Number(a.health === 'healthy') - Number(b.health === 'healthy') ||
      a.region.localeCompare(b.region) ||
      a.orgId.localeCompare(b.orgId) ||
      a.trunkId.localeCompare(b.trunkId),
  );
  return html`
<table>
<thead><tr><th>Region</th><th>Org</th><th>Trunk</th><th>Health</th><th>Since</th><th>Last observed</th><th class="num">Parked</th><th>Parked agents</th></tr></thead>
<tbody>
${ordered.map(
  (trunk) => html`<tr data-trunk="${trunk.trunkId}" data-health="${trunk.health}">
<td>${trunk.region}</td><td>${trunk.orgId}</td><td><code>${trunk.trunkId}</code></td>
<td>${badge(trunk.health)}</td><td>${formatInstant(trunk.since, now)}</td><td>${formatInstant(trunk.observedAt, now)}</td>
<td class="num">${trunk.parkedAgents.length}</td>
<td>${trunk.parkedAgents
    .slice(0, PARKED_SHOWN)
    .map(
      (agentId) =>
        html`<a href="${keyHref({ orgId: trunk.orgId, kind: 'agent', id: agentId })}"><code>${agentId}</code></a> `,
    )}${trunk.parkedAgents.length > PARKED_SHOWN ? html`<span class="muted">and ${trunk.parkedAgents.length - PARKED_SHOWN} more</span>` : ''}</td>
</tr>`,
)}
</tbody>
</table>
${trunks.length === 0 ? html`<p class="muted">No trunk in the topology.</p>` : ''}`;
}
