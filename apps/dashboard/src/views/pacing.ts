import { html, type SafeHtml } from '../html/html.js';
import type { PacingView } from '../operator.js';
import { keyHref } from './links.js';

/** Per routing group: lines from healthy trunks, lines from available agents, the result and each campaign's share. */
export function pacingView(groups: readonly PacingView[]): SafeHtml {
  return html`
<p class="muted">lines = max(minLines, min(trunk lines, agent lines)), shared among the group's campaigns in configured order.</p>
<table>
<thead><tr><th>Region</th><th>Org</th><th>Routing group</th><th class="num">Trunk lines</th><th class="num">Agent lines</th><th class="num">Lines</th><th>Campaign shares (outbound lines)</th></tr></thead>
<tbody>
${groups.map(
  (group) => html`<tr data-group="${group.groupId}">
<td>${group.region}</td><td>${group.orgId}</td><td><code>${group.groupId}</code></td>
<td class="num">${group.trunkLines}</td><td class="num">${group.agentLines}</td><td class="num"><strong>${group.lines}</strong></td>
<td>${group.campaigns.length === 0 ? html`<span class="muted">no campaign</span>` : ''}${group.campaigns.map(
    (campaign) =>
      html`<div><a href="${keyHref({ orgId: group.orgId, kind: 'campaign', id: campaign.campaignId })}"><code>${campaign.campaignId}</code></a>: ${campaign.share} <span class="muted">(in Genesys as last written: ${campaign.lastApplied ?? 'never written'})</span></div>`,
  )}</td>
</tr>`,
)}
</tbody>
</table>
${groups.length === 0 ? html`<p class="muted">No routing group in the topology.</p>` : ''}`;
}
