/**
 * Idle orgs (issue 19): what an org costs in Genesys requests per minute when nothing happens, campaigns
 * included, with notifications `auto` and `off` side by side (two simulators, two stacks, one Redis).
 *
 *   node apps/bench/dist/idle-org.js [--warmup-s 60] [--window-s 300] [--agent-changes-per-s 0]
 *
 * Every request in each simulator's log within the window counts (token, listings, campaign reads, notification
 * channel calls), per org. `--agent-changes-per-s N` turns "idle" into a trickle: N agent changes a second spread
 * over the orgs, well inside their budgets, so agent work is pending most of the time (the guard listing's case,
 * decision 024); each change is one utilization PUT in both stacks.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  generateAgentStorm,
  redisForDemo,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { generateFixture, startSim } from '@wfm-sync/local-stack/gc-sim';

const { values } = parseArgs({
  options: {
    'warmup-s': { type: 'string', default: '60' },
    'window-s': { type: 'string', default: '300' },
    'agent-changes-per-s': { type: 'string', default: '0' },
  },
});
const warmupMs = Number(values['warmup-s']) * 1000;
const windowMs = Number(values['window-s']) * 1000;
const changesPerS = Number(values['agent-changes-per-s']);
if (![warmupMs, windowMs, changesPerS].every((n) => Number.isFinite(n) && n >= 0) || changesPerS > 50) {
  process.stderr.write('idle-org: --warmup-s, --window-s and --agent-changes-per-s (0–50) take numbers\n');
  process.exit(2);
}
const secret = `whsec_${Buffer.from('wfm-sync-idle-org-webhook-secret').toString('base64')}`;

const redis = await redisForDemo();
const dir = mkdtempSync(join(tmpdir(), 'wfm-idle-'));
const runs = await Promise.all(
  (['auto', 'off'] as const).map(async (notifications) => {
    const fixture = generateFixture({ seed: 42, orgs: 2, trunks: 15, agents: 500 });
    const sim = await startSim({ fixture, seed: 42, requestsPerMinute: 300 });
    const caseDir = join(dir, notifications);
    mkdirSync(caseDir, { recursive: true });
    const prefix = `idle-${notifications}-${process.pid}`;
    const { topology, topologyFile, env } = writeTopologyFile(fixture, caseDir, {
      baseUrl: sim.url,
      requestsPerMinute: 300,
      notifications,
    });
    const regions = [...new Set(topology.orgs.map((o) => o.region))];
    const stack = await startStack({
      redisUrl: redis.url,
      prefix,
      topologyFile,
      env,
      webhookSecret: secret,
      logDir: caseDir,
      logLevel: 'warn',
      workers: regions.map((region) => ({ region })),
    });
    return { notifications, sim, stack, orgs: topology.orgs.map((o) => o.id), fixture };
  }),
);
const started = Date.now();
process.stderr.write(
  `idle-org: warming up ${warmupMs / 1000} s, then counting ${windowMs / 1000} s; ${changesPerS} agent changes/s\n`,
);
const trickle = changesPerS > 0 ? sendTrickle(warmupMs + windowMs) : Promise.resolve(0);
await new Promise((resolve) => setTimeout(resolve, warmupMs + windowMs));
process.stderr.write(`idle-org: ${await trickle} agent changes sent to each stack\n`);
const from = started + warmupMs;
const to = from + windowMs;
for (const run of runs) {
  const log = run.sim.sim.admin.requestLog().filter((r) => r.at >= from && r.at < to);
  for (const orgId of run.orgs) {
    const ofOrg = log.filter((r) => r.orgId === orgId);
    const byRoute = new Map<string, number>();
    for (const r of ofOrg)
      byRoute.set(`${r.method} ${r.route}`, (byRoute.get(`${r.method} ${r.route}`) ?? 0) + 1);
    const perMinute = (ofOrg.length * 60_000) / windowMs;
    process.stdout.write(
      `notifications ${run.notifications}, ${orgId}: ${ofOrg.length} requests in ${windowMs / 1000} s = ${perMinute.toFixed(1)}/min ${JSON.stringify(Object.fromEntries(byRoute))}\n`,
    );
  }
}
for (const run of runs) {
  await run.stack.stop();
  await run.sim.close();
}
await redis.stop();
rmSync(dir, { recursive: true, force: true });

/** The same agent changes to every stack, `changesPerS` a second, for `forMs`. */
async function sendTrickle(forMs: number): Promise<number> {
  const first = runs[0]!;
  const agents = first.fixture.orgs.reduce((n, o) => n + o.agents.length, 0);
  const total = Math.ceil((changesPerS * forMs) / 1000);
  const { deliveries } = generateAgentStorm(first.fixture, {
    seed: 7,
    agents,
    eventsPerAgent: Math.ceil(total / agents),
    duplicateRate: 0,
    outOfOrderRate: 0,
  });
  const senders = runs.map((run) => new WebhookSender(`${run.stack.ingestUrl}/v1/webhooks/wfm`, secret));
  const begin = Date.now();
  let sent = 0;
  for (const event of deliveries.slice(0, total)) {
    const wait = begin + (sent * 1000) / changesPerS - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (Date.now() - begin >= forMs) break;
    await Promise.all(senders.map((sender) => sender.send([event])));
    sent++;
  }
  return sent;
}
