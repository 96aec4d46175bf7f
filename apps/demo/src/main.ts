import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTopologyFile, TopologyIndex } from '@wfm-sync/config';
import type { WfmEvent } from '@wfm-sync/domain';
import { generateFixture } from '@wfm-sync/gc-sim';
import {
  appScript,
  deleteKeysWithPrefix,
  freePort,
  generateAgentStorm,
  generateScheduleStorm,
  generateTimeOffStorm,
  redisForDemo,
  ServiceProcess,
  startStack,
  WebhookSender,
} from '@wfm-sync/local-stack';
import { PipelineNames, QueueRegistry, queuesOfRegion } from '@wfm-sync/pipeline';
import { createRedisConnection } from '@wfm-sync/redis-kit';
import { Redis } from 'ioredis';
import { sampleProgress } from './progress.js';

const USAGE = `Usage: npm run demo -- [--agents 500] [--events-per-agent 20] [--rate 400] [--seed 42] [--exit-when-converged]
Starts Redis (REDIS_URL if it answers, else a private redis-server), the Genesys simulator, ingest and one worker per
region, then plays a peak-hour storm of signed webhooks and shows progress until every change has landed. Ctrl-C stops all.`;

function parseCli() {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '500' },
      'events-per-agent': { type: 'string', default: '20' },
      rate: { type: 'string', default: '400' },
      seed: { type: 'string', default: '42' },
      'exit-when-converged': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (name: string, value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      process.stderr.write(`demo: --${name} must be a positive integer\n\n${USAGE}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    agents: number('agents', values.agents),
    eventsPerAgent: number('events-per-agent', values['events-per-agent']),
    rate: number('rate', values.rate),
    seed: number('seed', values.seed),
    exitWhenConverged: values['exit-when-converged'],
  };
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Spreads several delivery sequences evenly over one, keeping each sequence's own order. */
function interleave<T>(sequences: readonly (readonly T[])[]): T[] {
  const total = sequences.reduce((n, s) => n + s.length, 0);
  const tagged = sequences.flatMap((sequence) =>
    sequence.map((item, i) => ({ item, at: ((i + 0.5) / sequence.length) * total })),
  );
  return tagged.sort((a, b) => a.at - b.at).map((t) => t.item);
}

async function main(): Promise<void> {
  const options = parseCli();
  const dir = mkdtempSync(join(tmpdir(), 'wfm-demo-'));
  const redis = await redisForDemo();
  say(redis.started ? `redis: started a private redis-server at ${redis.url}` : `redis: using ${redis.url}`);

  const fixture = generateFixture({ seed: options.seed, orgs: 2, trunks: 15, agents: options.agents });
  const fixtureFile = join(dir, 'fixture.json');
  writeFileSync(fixtureFile, JSON.stringify(fixture));
  const flapping = fixture.orgs[0]!.trunks.slice(0, 3).map((t) => `${fixture.orgs[0]!.id}/${t.id}`);
  const faultsFile = join(dir, 'faults.json');
  writeFileSync(
    faultsFile,
    JSON.stringify({
      latency: 'regional',
      error5xxRate: 0.02,
      flapping: { trunkIds: flapping, minDwellMs: 5_000, maxDwellMs: 20_000 },
      admin: { campaignEditsPerMinute: 6 },
    }),
  );
  const simPort = await freePort();
  const topologyFile = join(dir, 'topology.json');
  const sim = new ServiceProcess({
    name: 'gc-sim',
    script: appScript('gc-sim'),
    args: [
      '--fixture',
      fixtureFile,
      '--faults',
      faultsFile,
      '--port',
      String(simPort),
      '--write-topology',
      topologyFile,
    ],
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' },
    logFile: join(dir, 'gc-sim.log'),
    healthUrl: `http://127.0.0.1:${simPort}`,
  });
  await sim.start();
  const secrets = Object.fromEntries(
    readFileSync(join(dir, 'topology.env'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const topology = new TopologyIndex(loadTopologyFile(topologyFile, { ...process.env, ...secrets }).topology);
  const webhookSecret = `whsec_${Buffer.from(`demo-${options.seed}-webhook-secret`).toString('base64')}`;
  // A namespace of its own per run: state applied to an earlier run's simulator must not look in step with this one.
  const prefix = `wfm-demo-${Date.now().toString(36)}`;
  const ingestPort = process.env.PORT ? Number(process.env.PORT) : await freePort();
  const stack = await startStack({
    redisUrl: redis.url,
    prefix,
    topologyFile,
    env: secrets,
    webhookSecret,
    logDir: dir,
    ingestPort,
    workers: topology.regions().map((region) => ({ region })),
  });

  const stopAll = async (code: number) => {
    say('\nstopping…');
    await stack.stop();
    await sim.stop();
    const cleaner = new Redis(redis.url);
    await deleteKeysWithPrefix(cleaner, `${prefix}:`).catch(() => 0);
    cleaner.disconnect();
    await redis.stop();
    say(`stopped. logs kept in ${dir}`);
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  say(`gc-sim     http://127.0.0.1:${simPort}/__sim/violations   (faults: ${faultsFile})`);
  say(
    `ingest     ${stack.ingestUrl}/v1/webhooks/wfm   ${stack.ingestUrl}/openapi.json   ${stack.ingestUrl}/metrics`,
  );
  for (const worker of stack.workers)
    say(`worker     ${worker.options.healthUrl}/metrics   (${worker.name})`);
  say(`logs       ${dir}`);
  say(
    `cli        set -a; . ${join(dir, 'topology.env')}; set +a; REDIS_URL=${redis.url} TOPOLOGY_FILE=${topologyFile} ` +
      `WFM_KEY_PREFIX=${prefix} npm run -s wfm-sync -- status`,
  );

  const agentStorm = generateAgentStorm(fixture, {
    seed: options.seed,
    agents: options.agents,
    eventsPerAgent: options.eventsPerAgent,
    duplicateRate: 0.1,
    outOfOrderRate: 0.05,
  });
  // Time-off tickets and schedule publishing ride along, as they do at a real peak.
  const timeOff = generateTimeOffStorm(fixture, {
    seed: options.seed,
    externalIds: Math.max(10, Math.round(options.agents / 5)),
    eventsPerId: 3,
    duplicateRate: 0.1,
    outOfOrderRate: 0.05,
    cancelRate: 0.1,
  });
  const schedules = generateScheduleStorm(fixture, {
    seed: options.seed,
    agentsPerSchedule: Math.max(5, Math.round(options.agents / 10)),
    eventsPerAgent: 2,
    duplicateRate: 0.1,
    outOfOrderRate: 0.05,
  });
  const storm = { deliveries: interleave([agentStorm.deliveries, timeOff.deliveries, schedules.deliveries]) };
  say(
    `storm: ${agentStorm.deliveries.length} agent capacity, ${timeOff.deliveries.length} time-off and ` +
      `${schedules.deliveries.length} schedule events`,
  );
  const sender = new WebhookSender(`${stack.ingestUrl}/v1/webhooks/wfm`, webhookSecret);
  const names = new PipelineNames(prefix);
  const progressRedis = createRedisConnection({ url: redis.url, role: 'worker' });
  const queues = new QueueRegistry(progressRedis, names);
  const queueNames = queuesOfRegion(topology, 'all').flatMap((r) => r.queues);
  const dueKeys = topology.topology.orgs.map((org) => names.org(org.id).due);
  const totals = { sent: 0, accepted: 0, duplicates: 0, stale: 0 };
  const started = Date.now();
  let feeding = true;

  const report = async () => {
    const progress = await sampleProgress(progressRedis, dueKeys, queues, queueNames);
    const violations = (await (await fetch(`http://127.0.0.1:${simPort}/__sim/violations`)).json()) as Record<
      string,
      unknown
    >;
    const total = Object.entries(violations)
      .filter(([k, v]) => k !== 'violationLog' && typeof v === 'number')
      .reduce((sum, [, v]) => sum + (v as number), 0);
    const elapsed = ((Date.now() - started) / 1000).toFixed(0);
    say(
      `[${elapsed}s] events ${totals.sent}/${storm.deliveries.length} (accepted ${totals.accepted}, duplicate ${totals.duplicates}, stale ${totals.stale}) | ` +
        `keys pending ${progress.pendingKeys} | jobs waiting ${progress.waitingJobs}, delayed ${progress.delayedJobs} | gc-sim violations ${total}`,
    );
    return progress;
  };
  const timer = setInterval(() => void report().catch(() => undefined), 1_000);

  const batchSize = 50;
  for (let i = 0; i < storm.deliveries.length; i += batchSize) {
    const batch: WfmEvent[] = storm.deliveries.slice(i, i + batchSize);
    const result = await sender.send(batch);
    const body = result.body as { accepted?: number; duplicates?: number; stale?: number } | null;
    totals.sent += batch.length;
    totals.accepted += body?.accepted ?? 0;
    totals.duplicates += body?.duplicates ?? 0;
    totals.stale += body?.stale ?? 0;
    const due = started + (totals.sent / options.rate) * 1000;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  }
  feeding = false;
  say(
    `all ${storm.deliveries.length} events delivered; waiting for convergence (parked agents wait for their trunks)…`,
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const progress = await sampleProgress(progressRedis, dueKeys, queues, queueNames);
    if (!feeding && progress.waitingJobs === 0 && progress.pendingKeys === 0) {
      clearInterval(timer);
      await report();
      say(
        `converged ${((Date.now() - started) / 1000).toFixed(1)} s after the first event. Ctrl-C stops everything.`,
      );
      const violations = (await (await fetch(`http://127.0.0.1:${simPort}/__sim/violations`)).json()) as {
        violationLog?: { kind: string; detail: string }[];
      };
      for (const entry of violations.violationLog ?? [])
        say(`gc-sim violation: ${entry.kind}: ${entry.detail}`);
      if (options.exitWhenConverged) {
        await queues.close();
        progressRedis.disconnect();
        await stopAll(0);
      }
      return;
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
