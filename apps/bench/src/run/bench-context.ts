import type { Logger } from '@wfm-sync/observability';
import type { Redis } from 'ioredis';
import type { IngestRunOptions } from '../ingest/run-ingest.js';
import type { NotificationSettings } from '../notifications/settings.js';
import type { BenchMode } from '../scenarios/catalog.js';
import type { RunningResources } from './resources.js';

/** What every run of one bench invocation shares. */
export interface BenchContext {
  mode: BenchMode;
  seed: number;
  /** The bench's private Redis: flushed before every run so that INFO memory measures one strategy. */
  redisUrl: string;
  redis: Redis;
  logDir: string;
  logger: Logger;
  /** How often convergence is checked after the last event. */
  pollEveryMs: number;
  /** A strategy idle (nothing queued or in flight) this long without converging is done: it never will. */
  idleStopMs: number;
  /** Everything started and not yet stopped, for a clean stop on a signal. */
  resources: RunningResources;
  /** The ingest scenario's own flags (rounds, seconds per leg, profiling, another ingest build). */
  ingest: IngestRunOptions;
  /** The topology's `notifications` and the notification faults of every wfm-sync run; undefined: neither set. */
  notifications?: NotificationSettings | undefined;
}
