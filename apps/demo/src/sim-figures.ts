import { type LoggedRequest, requestFigures } from '@wfm-sync/local-stack';

export interface Violations {
  total: number;
  log: { kind: string; detail: string }[];
}

/** The simulator's violation counters, summed, and its log of them. */
export async function readViolations(simUrl: string): Promise<Violations> {
  const body = (await (await fetch(`${simUrl}/__sim/violations`)).json()) as Record<string, unknown>;
  const total = Object.entries(body)
    .filter(([kind, value]) => kind !== 'violationLog' && typeof value === 'number')
    .reduce((sum, [, value]) => sum + (value as number), 0);
  const log = Array.isArray(body.violationLog) ? (body.violationLog as Violations['log']) : [];
  return { total, log };
}

/** Genesys calls and applied changes so far, from the simulator's request log (it keeps the last 100,000). */
export async function readCallFigures(simUrl: string): Promise<{ apiCalls: number; appliedChanges: number }> {
  const entries: LoggedRequest[] = [];
  let since = 0;
  for (;;) {
    const page = (await (await fetch(`${simUrl}/__sim/requests?since=${since}&limit=20000`)).json()) as {
      entries: LoggedRequest[];
      nextSince: number;
    };
    if (page.entries.length === 0) break;
    entries.push(...page.entries);
    since = page.nextSince;
  }
  const { apiCalls, appliedChanges } = requestFigures(entries);
  return { apiCalls, appliedChanges };
}
