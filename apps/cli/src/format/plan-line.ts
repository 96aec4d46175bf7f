import type { Plan, PlannedCall } from '@wfm-sync/domain';

/**
 * One line per plan, e.g. `campaign camp-sg-sales  outboundLineCount 12 → 9  (changed; …; trunk-sg-07 degraded)`
 * or `agent 5f1c…  parked: trunk-sg-07 offline since …`.
 */
export function planLine(plan: Plan): string {
  const name = `${plan.key.kind} ${plan.key.id}`;
  if (plan.reason === 'parked') return `${name}  parked: ${plan.detail ?? 'trunk not healthy'}`;
  const why = [plan.reason === 'in-step' ? 'in step' : plan.reason, plan.detail].filter(Boolean).join('; ');
  if (plan.changes.length === 0 && plan.calls.length === 0) return `${name}  (${why})`;
  const body =
    plan.changes.length > 0
      ? plan.changes.map((c) => `${c.field} ${valueText(c.current)} → ${valueText(c.desired)}`).join(', ')
      : plan.calls.map(callText).join(', ');
  return `${name}  ${body}  (${why})`;
}

export function callText(call: PlannedCall): string {
  return `${call.method} ${call.resource} ${call.target}`;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
