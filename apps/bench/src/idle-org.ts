/**
 * Idle orgs (issue 19): what an org costs in Genesys requests per minute when nothing happens, campaigns
 * included, with notifications `auto` and `off` side by side (two simulators, two stacks, one Redis).
 *
 *   node apps/bench/dist/idle-org.js [--warmup-s 60] [--window-s 300]
 *
 * Every request in each simulator's log within the window counts (token, listings, campaign reads, notification
 * channel calls), per org.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { redisForDemo, startStack, writeTopologyFile } from '@wfm-sync/local-stack';
import { generateFixture, startSim } from '@wfm-sync/local-stack/gc-sim';

const { values } = parseArgs({
  options: { 'warmup-s': { type: 'string', default: '60' }, 'window-s': { type: 'string', default: '300' } },
});
const warmupMs = Number(values['warmup-s']) * 1000;
const windowMs = Number(values['window-s']) * 1000;
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
    return { notifications, sim, stack, orgs: topology.orgs.map((o) => o.id) };
  }),
);
const started = Date.now();
process.stderr.write(`idle-org: warming up ${warmupMs / 1000} s, then counting ${windowMs / 1000} s\n`);
await new Promise((resolve) => setTimeout(resolve, warmupMs + windowMs));
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
