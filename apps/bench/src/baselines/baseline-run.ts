import { setMaxListeners } from 'node:events';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import type { StrategyEnvironment, StrategyRun } from '../strategies/types.js';
import { BaselineWriter } from './genesys-writer.js';
import { BaselineSyncModel, type BaselineWrite } from './sync-model.js';
import { BaselineTally } from './tally.js';

export interface BaselineContext {
  writer: BaselineWriter;
  tally: BaselineTally;
  /** Aborted when the run stops: loops end, sleeps return early, retries stop. */
  signal: AbortSignal;
}

/** How one baseline schedules its writes; the rest (model, client, counting) is shared. */
export interface BaselineBehaviour {
  accept(writes: readonly BaselineWrite[]): void;
  /** Writes accepted and not yet started. */
  queued(): number;
  /** Resolves once the behaviour's own loops have ended after the abort. */
  finished(): Promise<void>;
}

/** Sends a write once; a failure is counted as given up. */
export async function sendOnce(ctx: BaselineContext, write: BaselineWrite): Promise<void> {
  ctx.tally.writesStarted++;
  ctx.tally.inFlight++;
  try {
    const send = await ctx.writer.prepare(write);
    await send();
  } catch (error) {
    if (!ctx.signal.aborted) ctx.tally.giveUp(error);
  } finally {
    ctx.tally.inFlight--;
  }
}

/** Runs a baseline in-process: events in, writes out through the shared Genesys client. */
export async function startBaseline(
  env: StrategyEnvironment,
  behave: (ctx: BaselineContext) => BaselineBehaviour,
): Promise<StrategyRun> {
  const redis = createRedisConnection({ url: env.redisUrl, role: 'worker', connectionName: env.runLabel });
  redis.on('error', (error) => env.logger.debug({ err: error }, 'baseline redis connection error'));
  const model = new BaselineSyncModel(env.topology);
  const writer = new BaselineWriter(env, redis);
  const tally = new BaselineTally();
  const abort = new AbortController();
  // Every waiting write listens for the stop: thousands at once in the parallel baselines, by design.
  setMaxListeners(0, abort.signal);
  const behaviour = behave({ writer, tally, signal: abort.signal });
  return {
    deliver(events) {
      for (const event of events) behaviour.accept(model.writesFor(event));
    },
    settled: async () => {},
    idle: async () => behaviour.queued() === 0 && tally.inFlight === 0,
    report: () => tally.report(),
    workerRss: async () => undefined,
    async stop() {
      abort.abort();
      await behaviour.finished();
      writer.close();
      redis.disconnect();
    },
  };
}
