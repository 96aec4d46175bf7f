import type { KeyKind } from '@wfm-sync/domain';
import type { RequestFigures } from '@wfm-sync/local-stack';
import type { ScheduleUpdateTally, ViolationCounters } from '@wfm-sync/local-stack/gc-sim';
import type { NotificationFigures } from '../notifications/figures.js';
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
  /** (after − before) per org of the topology. */
  redisBytesPerOrg?: number;
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
  /** The simulator's notification counters, for a strategy that listened (wfm-sync). */
  notifications?: NotificationFigures;
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
  /**
   * CPU seconds (user + system) the answering process used during the leg (its own slices only), where the bench
   * could read them (/proc): ÷ durationS, how much of one core the leg's rate kept it busy.
   */
  serverCpuS?: number;
  /** Of `serverCpuS`, its main thread's: the event loop, without helper and worker threads. */
  serverMainThreadCpuS?: number;
}

/**
 * One round of the ingest scenario, legs in this order: the floor (a bare fastify POST handler) as fast as it
 * answers, ingest with single events, ingest with batches, the floor at the fixed rate, ingest at the fixed rate.
 * In `--cpu-prof` runs only the first two legs. With `--tracing`, each ingest leg has a twin on an ingest with
 * tracing on, the two in alternating slices (A B B A …; who goes first alternates between rounds), each side pooling
 * its own: 1 s slices as fast as they answer (`runAlternatingLoadPhases`), 100 ms at the fixed rate
 * (`runAlternatingPacedPhases`); then the traced ingest at the fixed rate, sampled deliveries against unsampled ones
 * (decision 034).
 */
export interface IngestRound {
  floor: IngestPhase;
  single: IngestPhase;
  batch?: IngestPhase;
  floorFixedRate?: IngestPhase;
  fixedRate?: IngestPhase;
  traced?: TracedIngestLegs;
}

/** The ingest legs of a round again, on the ingest with tracing on. */
export interface TracedIngestLegs {
  single: IngestPhase;
  batch?: IngestPhase;
  fixedRate?: IngestPhase;
  /**
   * The traced ingest at the fixed rate against itself (decision 034): deliveries whose `traceparent` says sampled,
   * and deliveries whose `traceparent` says not, in alternating 1 s slices; each side's `serverCpuS` is the process's
   * CPU time over its own slices.
   */
  sampled?: IngestPhase;
  unsampled?: IngestPhase;
}

/** Issue 23's tracing figures of a round: tracing on against off. */
export interface TracingRatios {
  /** Single-event webhooks/s, on ÷ off. */
  single: number | undefined;
  /** Events/s in batches, on ÷ off. */
  batch: number | undefined;
  /** p99 at the fixed rate, off ÷ on. */
  p99: number | undefined;
  /** CPU µs per delivery at the fixed rate: tracing off; on and the delivery unsampled; on and sampled. */
  cpuUsPerDelivery?: { off: number | undefined; unsampled: number | undefined; sampled: number | undefined };
}

/** What issue 23 asks of a round: ingest as a ratio to the floor measured beside it. */
export interface IngestRatios {
  /** Single-event webhooks/s ÷ floor req/s. */
  single: number | undefined;
  /** Events/s in batches ÷ floor req/s. */
  batch: number | undefined;
  /** Ingest p99 at the fixed rate − floor p99 at the same rate, in ms. */
  p99ExcessMs: number | undefined;
  /** With `--tracing` only. */
  tracing?: TracingRatios;
}

export interface IngestFigures {
  kind: 'ingest';
  scenario: 'ingest';
  strategy: 'wfm-sync';
  batchSize: number;
  targetRequestsPerSecond: number;
  connections: { single: number; batch: number; fixedRate: number };
  secondsPerLeg: number;
  /** How the floor and ingest run: the same kind of process, so the ratio compares like with like. */
  processes: string;
  rounds: IngestRound[];
  ratios: IngestRatios[];
  /** Profiles written by `node --cpu-prof`, when asked for. */
  cpuProfiles?: string[];
  /** With `--tracing`: the share of deliveries the traced ingest samples, and how it exports. */
  tracing?: {
    sampleRatio: number;
    exporter: string;
    /**
     * How long each alternating slice was: of the off and on legs as fast as they answer and at the fixed rate, and
     * of the traced ingest's sampled and unsampled deliveries.
     */
    sliceS: { saturating: number; fixedRate: number; sampled: number };
  };
}

/** A strategy that produced no figures: the run failed. */
export interface FailedRun {
  kind: 'failed';
  scenario: ScenarioName;
  strategy: StrategyName;
  error: string;
}

export type RunResult = SyncFigures | IngestFigures | FailedRun;
