import { type ScenarioName, strategiesOf } from '../scenarios/catalog.js';
import type { StrategyName } from '../strategies/names.js';
import type { RunResult } from './types.js';

export interface PlannedRun {
  scenario: ScenarioName;
  strategy: StrategyName;
}

/** Ingest and soak measure wfm-sync alone; the sync scenarios every selected strategy they compare. */
export function plannedRuns(
  scenarios: readonly ScenarioName[],
  strategies: readonly StrategyName[],
): PlannedRun[] {
  return scenarios.flatMap((scenario): PlannedRun[] => {
    if (scenario !== 'ingest' && scenario !== 'soak')
      return strategiesOf(scenario, strategies).map((strategy) => ({ scenario, strategy }));
    return strategies.includes('wfm-sync') ? [{ scenario, strategy: 'wfm-sync' }] : [];
  });
}

/** The planned runs that produced no figures (failed or never ran): the CI check of `--quick`. */
export function runsWithoutFigures(
  planned: readonly PlannedRun[],
  results: readonly RunResult[],
): PlannedRun[] {
  return planned.filter(
    (run) =>
      !results.some((r) => r.kind !== 'failed' && r.scenario === run.scenario && r.strategy === run.strategy),
  );
}
