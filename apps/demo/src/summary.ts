import { lowerBoundSeconds } from '@wfm-sync/local-stack';

export interface SummaryInput {
  events: number;
  /** Per org, the write units the storm changed. */
  changedByOrg: ReadonlyMap<string, number>;
  /** Per org, its Genesys request budget per minute. */
  requestsPerMinute: ReadonlyMap<string, number>;
  apiCalls: number;
  appliedChanges: number;
  /** From the first event to convergence. */
  elapsedS: number;
  violations: number;
}

/**
 * The fastest any sync could have been: the busiest org's changed keys divided by its budget (as the bench
 * computes it), org by org since each has its own budget.
 */
export function budgetLowerBoundS(input: Pick<SummaryInput, 'changedByOrg' | 'requestsPerMinute'>): number {
  let bound = 0;
  for (const [orgId, changed] of input.changedByOrg) {
    const rpm = input.requestsPerMinute.get(orgId) ?? 300;
    bound = Math.max(bound, lowerBoundSeconds(new Map([[orgId, changed]]), rpm));
  }
  return bound;
}

/** The closing lines: what was sent, what it cost in Genesys calls, how close to the budget, what went wrong. */
export function summaryLines(input: SummaryInput): string[] {
  const keys = [...input.changedByOrg.values()].reduce((sum, n) => sum + n, 0);
  const bound = budgetLowerBoundS(input);
  const perChange = input.appliedChanges > 0 ? (input.apiCalls / input.appliedChanges).toFixed(2) : 'n/a';
  const ratio = bound > 0 ? ` (${(input.elapsedS / bound).toFixed(2)}× the bound)` : '';
  return [
    'summary',
    `  events      ${input.events} delivered (duplicates and late arrivals included)`,
    `  keys        ${keys} changed (agents, time-off tickets, schedules)`,
    `  Genesys     ${input.apiCalls} calls for ${input.appliedChanges} applied changes: ${perChange} calls per change`,
    `  time        ${input.elapsedS.toFixed(1)} s; the budget allows no less than ${bound.toFixed(1)} s${ratio}`,
    `  violations  ${input.violations}`,
  ];
}
