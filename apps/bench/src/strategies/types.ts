import type { WfmEvent } from '@wfm-sync/domain';
import type { SimTopology } from '@wfm-sync/local-stack/gc-sim';
import type { Logger } from '@wfm-sync/observability';
import type { StrategyName } from './names.js';

/** Everything a strategy needs to talk to the simulator of one run. */
export interface StrategyEnvironment {
  /** `<scenario>-<strategy>`: names log files. */
  runLabel: string;
  topology: SimTopology;
  /** The same topology as a file (the wfm-sync processes read it). */
  topologyFile: string;
  /** Client secrets by the variable names the topology refers to with `env:`. */
  secrets: Record<string, string>;
  redisUrl: string;
  /** Redis namespace of this run (budget, token, and for wfm-sync everything else). */
  prefix: string;
  logDir: string;
  logger: Logger;
  /** wfm-sync worker processes per region (baselines ignore it). */
  workersPerRegion: number;
  /** Registers something to stop if the bench is interrupted; returns `stop` wrapped to forget it. */
  track(name: string, stop: () => Promise<void>): () => Promise<void>;
}

/** What wfm-sync's ingest answered during the feed. */
export interface WebhookTally {
  /** One per webhook, ms from sending to the answer (retries of a 503 included). */
  latenciesMs: number[];
  events: number;
  accepted: number;
  duplicates: number;
  stale: number;
  /** Webhooks that ended without a 2xx. */
  failed: number;
}

/** Counters a strategy keeps about itself; the simulator's request log stays the source of truth. */
export interface StrategyReport {
  webhooks?: WebhookTally;
  /** Baselines: writes started (first attempts). */
  writesStarted?: number;
  /** Baselines: writes abandoned, by the kind of the last error. */
  gaveUp?: Record<string, number>;
  /** Baselines: 409s counted as success (strategy 4). */
  conflictsTakenAsSuccess?: number;
}

/** One strategy running against one simulator. */
export interface StrategyRun {
  /** Hands a batch of events over; never blocks the feed. */
  deliver(events: readonly WfmEvent[]): void;
  /** Resolves once every batch handed over has been taken (ingest answered, or queued in-process). */
  settled(): Promise<void>;
  /** True when nothing is queued, waiting or in flight: the state will not change any more. */
  idle(): Promise<boolean>;
  report(): StrategyReport;
  /** Resident memory of each worker process (bytes); undefined for in-process strategies. */
  workerRss(): Promise<number[] | undefined>;
  stop(): Promise<void>;
}

export interface Strategy {
  name: StrategyName;
  start(env: StrategyEnvironment): Promise<StrategyRun>;
}
