import type { Region } from '@wfm-sync/config';
import { cappedFullJitter, DEFAULT_BACKOFF } from '@wfm-sync/domain';
import { Worker } from 'bullmq';
import type { PipelineContext } from '../context.js';
import { RetryLaterError } from '../errors/retry-later.js';
import { BACKOFF_TYPE } from '../ingest/jobs.js';
import { queuesOfRegion } from '../ingest/routing.js';
import { AgentReconciler } from '../reconcile/agent.js';
import { CampaignReconciler } from '../reconcile/campaign.js';
import { ScheduleReconciler } from '../reconcile/schedule/reconciler.js';
import type { ScheduleListening } from '../reconcile/schedule/upload.js';
import { TimeOffReconciler } from '../reconcile/timeoff/reconciler.js';
import { TrunkReconciler } from '../reconcile/trunk.js';
import { orgQueueName, regionQueueName } from '../store/names.js';
import { queueTelemetry } from '../tracing.js';
import { dispatchByCatalog } from './job-handlers.js';
import { startListening, type WorkerListening, type WorkerListeningOptions } from './listening.js';
import { JobProcessor, type ReconcilerMap } from './processor.js';
import { Sweeper } from './sweeper.js';
import { TrunkMonitor } from './trunk-monitor.js';
import { TrunkPoller } from './trunk-poller.js';

export interface RegionWorkerOptions {
  /** A region, or `all`. */
  region: string;
  /** Jobs in flight per queue. Genesys' budget, not CPU, is the limit: waits happen in the shared limiter. @defaultValue 8 */
  concurrency?: number;
  /** BullMQ job lock; a worker that dies loses its jobs to another after this. @defaultValue 30000 */
  lockDurationMs?: number;
  /** How often BullMQ looks for stalled jobs (of dead workers). @defaultValue 15000 */
  stalledIntervalMs?: number;
  /** Trunk list poll per org. @defaultValue 2000 */
  trunkPollEveryMs?: number;
  /** Due-set sweep. @defaultValue 2000 */
  sweepEveryMs?: number;
  /** Listen to Genesys notifications (decision 024): channel owners, the feed, the trunk poll cadence. @defaultValue off */
  listening?: WorkerListeningOptions;
}

export interface RunningRegionWorker {
  readonly queues: string[];
  readonly workers: Worker[];
  sweeper: Sweeper;
  /** Starts and stops consumers and trunk polls to match the current topology (after a reload). */
  refresh(): Promise<void>;
  /** Present when listening (`RegionWorkerOptions.listening`): its `sample` sets the notification gauges. */
  listening?: WorkerListening;
  /** Finishes in-flight jobs (or hands them back) and stops timers. */
  close(): Promise<void>;
}

export function buildReconcilers(
  ctx: PipelineContext,
  trunks: TrunkMonitor,
  schedules?: ScheduleListening,
): ReconcilerMap {
  return {
    agent: new AgentReconciler(ctx, trunks),
    campaign: new CampaignReconciler(ctx, trunks),
    trunk: new TrunkReconciler(ctx, trunks),
    timeoff: new TimeOffReconciler(ctx),
    schedule: new ScheduleReconciler(ctx, schedules ? { listening: schedules } : {}),
  };
}

/** Starts the consumers of every queue of a region (or all regions), its trunk pollers and its sweeper. */
export async function startRegionWorker(
  ctx: PipelineContext,
  options: RegionWorkerOptions,
): Promise<RunningRegionWorker> {
  const trunks = new TrunkMonitor(ctx);
  // Its orgs come from `refresh`, which runs before any consumer starts.
  const listening = options.listening
    ? await startListening(ctx, trunks, [], options.trunkPollEveryMs ?? 2_000, options.listening)
    : undefined;
  const reconcilers = buildReconcilers(ctx, trunks, listening?.schedules);
  const poller = new TrunkPoller(ctx, trunks, listening?.cadence);
  const workersByQueue = new Map<string, Worker>();
  const handles = new Map<Region, ReturnType<typeof dispatchByCatalog>>();
  const orgIds: string[] = [];
  const polledOrgs = new Map<string, Region>();

  const handleOf = (region: Region) => {
    let handle = handles.get(region);
    if (handle === undefined) {
      const processor = new JobProcessor(ctx, reconcilers, region);
      handle = dispatchByCatalog({
        reconcile: (key, job, token) => processor.process(key, job, token),
        'trunk-poll': async ({ orgId, force }) => String(await poller.poll(orgId, { force })),
      });
      handles.set(region, handle);
    }
    return handle;
  };

  const startQueue = (region: Region, name: string): Worker => {
    const worker = new Worker(name, handleOf(region), {
      connection: ctx.redis,
      prefix: ctx.names.queuePrefix,
      concurrency: options.concurrency ?? 8,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 15_000,
      maxStalledCount: 5,
      telemetry: queueTelemetry(),
      settings: {
        backoffStrategy: (attemptsMade: number, type?: string, error?: Error) => {
          if (error instanceof RetryLaterError) return error.delayMs;
          if (type === BACKOFF_TYPE) return cappedFullJitter(attemptsMade, DEFAULT_BACKOFF, Math.random);
          return 1_000;
        },
      },
    });
    worker.on('error', (error) => ctx.logger.error({ err: error, queue: name }, 'worker error'));
    worker.on('failed', (job, error) => {
      if (job && job.name === 'trunk-poll')
        ctx.logger.warn({ err: error, org: job.data?.orgId }, 'trunk poll failed');
    });
    return worker;
  };

  /**
   * Brings listening, consumers, trunk polls and the sweeper in line with the current topology: at start, and
   * after a reload (an added org or routing group gets its channel owner and consumers; a removed one stops being
   * worked and listened to, its state stays).
   */
  const refresh = async (): Promise<void> => {
    const regions = queuesOfRegion(ctx.topology, options.region);
    const orgs = new Map<string, Region>();
    for (const { region } of regions)
      for (const org of ctx.topology.orgsInRegion(region)) orgs.set(org.id, region);
    // Listening first, as at start: an added org's owner is up before its first job asks for a topic.
    await listening?.follow([...orgs.keys()]);
    const wanted = new Set(regions.flatMap((r) => r.queues));
    for (const { region, queues } of regions)
      for (const name of queues)
        if (!workersByQueue.has(name)) workersByQueue.set(name, startQueue(region, name));
    for (const [name, worker] of workersByQueue) {
      if (wanted.has(name)) continue;
      workersByQueue.delete(name);
      await worker.close();
    }
    for (const [orgId, region] of polledOrgs) {
      if (orgs.has(orgId)) continue;
      await ctx.queues.get(orgQueueName(region, orgId)).removeJobScheduler(`trunk-poll:${orgId}`);
      polledOrgs.delete(orgId);
    }
    for (const [orgId, region] of orgs) {
      if (polledOrgs.has(orgId)) continue;
      // Trunk polls ran on the shared region queue before decision 025: one scheduler per org is enough.
      await ctx.queues.get(regionQueueName(region)).removeJobScheduler(`trunk-poll:${orgId}`);
      await ctx.queues.get(orgQueueName(region, orgId)).upsertJobScheduler(
        `trunk-poll:${orgId}`,
        { every: options.trunkPollEveryMs ?? 2_000 },
        {
          name: 'trunk-poll',
          data: { orgId },
          opts: { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 1 },
        },
      );
      polledOrgs.set(orgId, region);
    }
    orgIds.splice(0, orgIds.length, ...orgs.keys());
  };
  await refresh();

  const sweeper = new Sweeper(ctx, orgIds);
  let sweeping = false;
  const sweepTimer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweeper
      .sweepOnce()
      .catch((error: unknown) => ctx.logger.warn({ err: error }, 'sweep failed'))
      .finally(() => {
        sweeping = false;
      });
  }, options.sweepEveryMs ?? 2_000);
  sweepTimer.unref();

  return {
    get queues() {
      return [...workersByQueue.keys()];
    },
    get workers() {
      return [...workersByQueue.values()];
    },
    sweeper,
    refresh,
    listening,
    close: async () => {
      clearInterval(sweepTimer);
      await Promise.all([...workersByQueue.values()].map((w) => w.close()));
      await listening?.close();
    },
  };
}
