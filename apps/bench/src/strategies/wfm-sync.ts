import type { WfmEvent } from '@wfm-sync/domain';
import { startStack, WebhookSender } from '@wfm-sync/local-stack';
import { PipelineNames } from '@wfm-sync/pipeline';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { z } from 'zod';
import type { Strategy, StrategyRun, WebhookTally } from './types.js';
import { scrapeResidentMemory } from './worker-metrics.js';

/** The webhook secret of every bench run (the simulator and the stack are private to the run). */
export const BENCH_WEBHOOK_SECRET = `whsec_${Buffer.from('wfm-sync-bench-webhook-secret').toString('base64')}`;

/** Ingest takes up to 1,000 events per webhook; the feed's batches are far smaller. */
const MAX_EVENTS_PER_WEBHOOK = 100;

const acceptedSchema = z.looseObject({
  accepted: z.number().optional(),
  duplicates: z.number().optional(),
  stale: z.number().optional(),
});

/**
 * wfm-sync as deployed: ingest and one worker per region as real processes (apps/demo startStack), production
 * settings, fed with signed webhooks. Idle means the pipeline's own due sets are empty: every desired state applied.
 */
export const wfmSync: Strategy = {
  name: 'wfm-sync',
  async start(env): Promise<StrategyRun> {
    const regions = [...new Set(env.topology.orgs.map((org) => org.region))];
    const started = await startStack({
      redisUrl: env.redisUrl,
      prefix: env.prefix,
      topologyFile: env.topologyFile,
      env: env.secrets,
      webhookSecret: BENCH_WEBHOOK_SECRET,
      logDir: env.logDir,
      logLevel: 'warn',
      workers: regions.flatMap((region) => Array.from({ length: env.workersPerRegion }, () => ({ region }))),
    });
    const stack = { ...started, stop: env.track(`wfm-sync ${env.runLabel}`, () => started.stop()) };
    const sender = new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, BENCH_WEBHOOK_SECRET);
    const redis = createRedisConnection({ url: env.redisUrl, role: 'worker', connectionName: env.runLabel });
    redis.on('error', (error) => env.logger.debug({ err: error }, 'bench redis connection error'));
    const names = new PipelineNames(env.prefix);
    const dueKeys = env.topology.orgs.map((org) => names.org(org.id).due);
    const tally: WebhookTally = {
      latenciesMs: [],
      events: 0,
      accepted: 0,
      duplicates: 0,
      stale: 0,
      failed: 0,
    };
    const inFlight = new Set<Promise<void>>();

    const send = async (batch: WfmEvent[]) => {
      const started = performance.now();
      try {
        const result = await sender.send(batch);
        tally.latenciesMs.push(performance.now() - started);
        tally.events += batch.length;
        if (result.status < 200 || result.status > 299) {
          tally.failed++;
          env.logger.warn({ status: result.status, body: result.body }, 'webhook not accepted');
          return;
        }
        const body = acceptedSchema.safeParse(result.body);
        if (body.success) {
          tally.accepted += body.data.accepted ?? 0;
          tally.duplicates += body.data.duplicates ?? 0;
          tally.stale += body.data.stale ?? 0;
        }
      } catch (error) {
        tally.failed++;
        env.logger.warn({ err: error }, 'webhook failed');
      }
    };

    return {
      deliver(events) {
        for (let i = 0; i < events.length; i += MAX_EVENTS_PER_WEBHOOK) {
          const delivery = send(events.slice(i, i + MAX_EVENTS_PER_WEBHOOK));
          inFlight.add(delivery);
          void delivery.finally(() => inFlight.delete(delivery));
        }
      },
      async settled() {
        while (inFlight.size > 0) await Promise.all([...inFlight]);
      },
      async idle() {
        let pending = inFlight.size;
        for (const key of dueKeys) pending += await redis.zcard(key);
        return pending === 0;
      },
      report: () => ({ webhooks: { ...tally, latenciesMs: [...tally.latenciesMs] } }),
      async workerRss() {
        const samples = await Promise.all(
          stack.workers.map((worker) => scrapeResidentMemory(worker.options.healthUrl)),
        );
        return samples.map((bytes) => bytes ?? 0);
      },
      async stop() {
        redis.disconnect();
        await stack.stop();
      },
    };
  },
};
