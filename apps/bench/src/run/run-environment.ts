import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FaultProfileInput, type SimFixture, topologyFromFixture } from '@wfm-sync/local-stack/gc-sim';
import { withNotificationFaults } from '../notifications/settings.js';
import { type RunningSimProcess, startSimProcess } from '../sim/sim-process.js';
import type { StrategyEnvironment } from '../strategies/types.js';
import type { BenchContext } from './bench-context.js';

export interface RunEnvironment {
  sim: RunningSimProcess;
  env: StrategyEnvironment;
}

/**
 * A flushed Redis, a fresh simulator and the topology pointing at it: the start of every run. The run's notification
 * settings go in here, once: the topology's `notifications` and the simulator's notification faults.
 */
export async function startRunEnvironment(
  ctx: BenchContext,
  options: {
    label: string;
    fixture: SimFixture;
    faults: FaultProfileInput;
    requestsPerMinute: number;
    workersPerRegion?: number | undefined;
  },
): Promise<RunEnvironment> {
  await ctx.redis.flushall();
  const started = await startSimProcess({
    label: options.label,
    fixture: options.fixture,
    faults: withNotificationFaults(options.faults, ctx.notifications?.faults),
    seed: ctx.seed,
    requestsPerMinute: options.requestsPerMinute,
    logDir: ctx.logDir,
  });
  const sim = { ...started, stop: ctx.resources.track(`gc-sim ${options.label}`, started.stop) };
  const { topology, env: secrets } = topologyFromFixture(options.fixture, {
    baseUrl: sim.url,
    requestsPerMinute: options.requestsPerMinute,
    ...(ctx.notifications?.mode === undefined ? {} : { notifications: ctx.notifications.mode }),
  });
  const topologyFile = join(ctx.logDir, `${options.label}-topology.json`);
  writeFileSync(topologyFile, JSON.stringify(topology));
  return {
    sim,
    env: {
      runLabel: options.label,
      topology,
      topologyFile,
      secrets,
      redisUrl: ctx.redisUrl,
      prefix: `bench-${options.label}`,
      logDir: ctx.logDir,
      logger: ctx.logger.child({ run: options.label }),
      track: (name, stop) => ctx.resources.track(name, stop),
      workersPerRegion: options.workersPerRegion ?? 1,
    },
  };
}
