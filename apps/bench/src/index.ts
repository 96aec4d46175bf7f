export { type BenchReport, runBench } from './bench.js';
export { type BenchOptions, defaultScenarios, parseBenchArgs, USAGE, UsageError } from './cli.js';
export { type PlannedRun, plannedRuns, runsWithoutFigures } from './figures/completeness.js';
export { changedKeysByOrg, countByKind, lowerBoundSeconds, requestFigures } from './figures/compute.js';
export { memoryTrend } from './figures/memory-trend.js';
export { renderMarkdownTable, TABLE_HEADERS, tableRows, violationsCell } from './figures/table.js';
export type * from './figures/types.js';
export { renderReport } from './report.js';
export type { BenchContext } from './run/bench-context.js';
export { RunningResources } from './run/resources.js';
export { runSyncScenario } from './run/run-sync-scenario.js';
export {
  type BenchMode,
  type IngestScenario,
  SCENARIO_NAMES,
  type ScenarioDefinition,
  type ScenarioName,
  type SoakScenario,
  type SyncScenario,
  scenarioFor,
} from './scenarios/catalog.js';
export { STRATEGIES } from './strategies/catalog.js';
export { STRATEGY_LABELS, STRATEGY_NAMES, type StrategyName } from './strategies/names.js';
export type { Strategy, StrategyEnvironment, StrategyReport, StrategyRun } from './strategies/types.js';
export { type AgentStormOptions, generateAgentStormWorkload } from './workload/agent-storm.js';
export type { Expectation, TimedDelivery, Workload } from './workload/types.js';
