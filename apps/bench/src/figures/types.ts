import type { KeyKind } from '@wfm-sync/domain';
import type { RequestFigures } from '@wfm-sync/local-stack';
import type { ScheduleUpdateTally, ViolationCounters } from '@wfm-sync/local-stack/gc-sim';
import type { ScenarioName } from '../scenarios/catalog.js';
import type { StrategyName } from '../strategies/names.js';
import type { StrategyReport } from '../strategies/types.js';

export type { RequestFigures } from '@wfm-sync/local-stack';

export interface IngestLatency {
  eventsPerSecond: number;
  p50Ms: number | undefined;
  p99Ms: number | undefined;
}

export interface MemoryFigures {
  redisUsedBefore: number;
  redisUsedAfter: number;
  /** (after − before) per 1,000 keys of the scenario. */
  redisBytesPer1000Keys: number;
  /** `MEMORY USAGE` of the run's keys at the end, by kind of key (queues, webhook ids, desired state, trails…). */
  redisBytesByKeyKind: Record<string, number>;
  /** Bytes per worker process at the start and the end of the run (wfm-sync only). */
  workerRssStart?: number[];
  workerRssEnd?: number[];
}

/** One strategy on one sync scenario (peak, publishing-window, soak). */
export interface SyncFigures extends RequestFigures, MemoryFigures {
  kind: 'sync';
  scenario: ScenarioName;
  strategy: StrategyName;
  deliveries: number;
  feedSeconds: number;
  /** wfm-sync only: events accepted per second of the feed, and the latency of its webhooks. */
  ingest?: IngestLatency;
  keys: number;
  /** Keys whose expected state differed from Genesys' state before the feed. */
  changedKeys: number;
  callsPerAppliedChange: number | undefined;
  callsPerChangedKey: number | undefined;
  /** Keys not at their expected state when the run ended, by kind. */
  lostUpdates: Partial<Record<KeyKind, number>>;
  lostTotal: number;
  violations: ViolationCounters;
  /** Seconds from the last event until every key matched (and kept matching); undefined: not within the limit. */
  convergedAfterS: number | undefined;
  /** The busiest org's changed keys divided by its request budget, in seconds. */
  lowerBoundS: number;
  ratioToLowerBound: number | undefined;
  timeLimitS: number;
  stoppedBecause: 'converged' | 'idle' | 'time-limit';
  administratorEdits: number;
  /** Calls per org per minute between the last event and the end of the run: how much of the budget was used. */
  callsPerMinuteAfterFeed: Record<string, number>;
  strategyReport: StrategyReport;
  /** Scenarios with schedules: the simulator's count of schedule updates, and agents per started update. */
  scheduleUpdates?: ScheduleUpdateTally & { meanAgentsPerUpdate: number | undefined };
  /** Soak only: samples during the feed. */
  memorySamples?: MemorySample[];
  /** Soak only: memory at the first sample, after warm-up, and at the end of the feed. */
  memoryTrend?: MemoryTrend;
}

export interface MemoryTrend {
  workerRss: { start: number[]; warm: number[]; end: number[] };
  redisUsed: { start: number; warm: number; end: number };
}

export interface MemorySample {
  atS: number;
  eventsSent: number;
  workerRss: number[];
  redisUsed: number;
}

export interface IngestPhase {
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  durationS: number;
}

export interface IngestFigures {
  kind: 'ingest';
  scenario: 'ingest';
  strategy: 'wfm-sync';
  single: IngestPhase;
  batch: IngestPhase;
  batchSize: number;
  fixedRate: IngestPhase & { targetRequestsPerSecond: number };
}

/** A strategy that produced no figures: the run failed. */
export interface FailedRun {
  kind: 'failed';
  scenario: ScenarioName;
  strategy: StrategyName;
  error: string;
}

export type RunResult = SyncFigures | IngestFigures | FailedRun;
