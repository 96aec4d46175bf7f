import { notificationText } from '../notifications/figures.js';
import { STRATEGY_LABELS } from '../strategies/names.js';
import { callBreakdownText } from './call-breakdown.js';
import { num } from './format.js';
import type { RunResult } from './types.js';

/**
 * Below the table, for each wfm-sync run on the simulator: what its calls went to, and what the notification service
 * did meanwhile. The baselines' calls are their writes and the reads before them; the JSON has them by route.
 */
export function syncDetailLines(results: readonly RunResult[]): string[] {
  return results.flatMap((r) => {
    if (r.kind !== 'sync' || r.strategy !== 'wfm-sync') return [];
    const run = `${r.scenario}, ${STRATEGY_LABELS[r.strategy]}`;
    return [
      `- calls of ${run} (${num(r.apiCalls)}): ${callBreakdownText(r.callsByRoute)}`,
      ...(r.notifications ? [`- notifications of ${run}: ${notificationText(r.notifications)}`] : []),
    ];
  });
}
