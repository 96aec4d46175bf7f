import { WebhookSender } from '@wfm-sync/local-stack';
import { generateFixture } from '@wfm-sync/local-stack/gc-sim';
import { PipelineNames, QueueRegistry, queuesOfRegion } from '@wfm-sync/pipeline';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { parseCli } from './cli.js';
import { startDemoStack, whereToLook } from './demo-stack.js';
import { type FeedTotals, feedAtRate } from './feed.js';
import { sampleProgress } from './progress.js';
import { ProgressLine } from './progress-line.js';
import { readCallFigures, readViolations } from './sim-figures.js';
import { generateStormMix } from './storm-mix.js';
import { summaryLines } from './summary.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseCli();
  const fixture = generateFixture({ seed: options.seed, orgs: 2, trunks: 15, agents: options.agents });
  const demo = await startDemoStack(fixture, options.seed);
  const stopAll = async (code: number) => {
    say('\nstopping…');
    await demo.stop();
    say(`stopped. logs kept in ${demo.dir}`);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  say(
    demo.redis.started
      ? `redis      ${demo.redis.url} (a private redis-server)`
      : `redis      ${demo.redis.url}`,
  );
  for (const line of whereToLook(demo)) say(line);

  const storm = generateStormMix(fixture, options);
  say(
    `storm: ${storm.counts.agents} agent capacity, ${storm.counts.timeOff} time-off and ` +
      `${storm.counts.schedules} schedule events`,
  );
  const names = new PipelineNames(demo.prefix);
  const progressRedis = createRedisConnection({ url: demo.redis.url, role: 'worker' });
  const queues = new QueueRegistry(progressRedis, names);
  const queueNames = queuesOfRegion(demo.topology, 'all').flatMap((r) => r.queues);
  const dueKeys = demo.topology.topology.orgs.map((org) => names.org(org.id).due);
  const totals: FeedTotals = { sent: 0, accepted: 0, duplicates: 0, stale: 0 };
  const line = new ProgressLine();
  const started = Date.now();
  let feeding = true;

  const sample = async () => {
    const progress = await sampleProgress(progressRedis, dueKeys, queues, queueNames);
    const { total } = await readViolations(demo.sim.url);
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    line.update(
      `[${elapsed}s] events ${totals.sent}/${storm.deliveries.length} (accepted ${totals.accepted}, duplicate ${totals.duplicates}, stale ${totals.stale}) | ` +
        `keys pending ${progress.pendingKeys} | jobs waiting ${progress.waitingJobs}, delayed ${progress.delayedJobs} | violations ${total}`,
    );
    return progress;
  };
  const timer = setInterval(() => void sample().catch(() => undefined), 1_000);

  const sender = new WebhookSender(`${demo.stack.ingestUrl}/v1/webhooks/wfm`, demo.webhookSecret);
  await feedAtRate(sender, storm.deliveries, options.rate, totals, started);
  feeding = false;
  line.say(
    `all ${storm.deliveries.length} events delivered; waiting for convergence (parked agents wait for their trunks)…`,
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const progress = await sampleProgress(progressRedis, dueKeys, queues, queueNames);
    if (feeding || progress.waitingJobs > 0 || progress.pendingKeys > 0) continue;
    clearInterval(timer);
    const elapsedS = (Date.now() - started) / 1000;
    line.finish(`converged ${elapsedS.toFixed(1)} s after the first event.`);
    const [calls, violations] = await Promise.all([
      readCallFigures(demo.sim.url),
      readViolations(demo.sim.url),
    ]);
    const requestsPerMinute = new Map(
      demo.topology.topology.orgs.map((org) => [org.id, org.requestsPerMinute]),
    );
    for (const entry of violations.log) say(`gc-sim violation: ${entry.kind}: ${entry.detail}`);
    for (const summary of summaryLines({
      events: totals.sent,
      changedByOrg: storm.changedByOrg,
      requestsPerMinute,
      ...calls,
      elapsedS,
      violations: violations.total,
    }))
      say(summary);
    await queues.close();
    progressRedis.disconnect();
    if (options.exitWhenConverged) await stopAll(0);
    say('Ctrl-C stops everything.');
    return;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
