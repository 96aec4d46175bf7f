import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFixture } from '@wfm-sync/gc-sim';
import { appScript, generateAgentStorm, ServiceProcess } from '@wfm-sync/local-stack';
import { createTestRedis, freePort, waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { hasTool, runTool } from './deploy-support.js';
import { useStormStack } from './support/storm-stack.js';

async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

describe.skipIf(!hasTool('promtool', ['--version']))('promtool check metrics on live processes', () => {
  const storms = useStormStack('metrics');
  const dir = storms.dir;

  it('ingest, worker and gc-sim expose metrics that promtool finds no fault in, after real traffic', async () => {
    const redis = await createTestRedis('metrics');
    storms.onCleanup(() => redis.cleanup());
    const simPort = await freePort();
    const topologyFile = join(dir, 'topology.json');
    const sim = new ServiceProcess({
      name: 'gc-sim',
      script: appScript('gc-sim'),
      args: ['--seed', '3', '--orgs', '1', '--trunks', '3', '--agents', '20', '--port', String(simPort)],
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'warn',
        GC_SIM_WRITE_TOPOLOGY: topologyFile,
        GC_SIM_RPM: '6000',
      },
      logFile: join(dir, 'gc-sim.log'),
      healthUrl: `http://127.0.0.1:${simPort}`,
    });
    storms.onCleanup(() => sim.stop());
    await sim.start();
    const secrets = Object.fromEntries(
      readFileSync(join(dir, 'topology.env'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const target = { redisUrl: redis.url, prefix: redis.prefix, topologyFile, env: secrets };
    const stack = await storms.startStack(target, { workers: [{ region: 'all' }] });

    // Traffic first, so counters and histograms have labelled series for promtool to look at.
    const fixture = parseFixture(await (await fetch(`http://127.0.0.1:${simPort}/__sim/fixture`)).json());
    const storm = generateAgentStorm(fixture, {
      seed: 3,
      agents: 20,
      eventsPerAgent: 2,
      duplicateRate: 0.2,
      outOfOrderRate: 0,
    });
    const sender = storms.sender(stack);
    expect((await sender.send(storm.deliveries)).status).toBe(202);
    const worker = stack.workers[0]!.options.healthUrl;
    await waitFor(async () => /outcome="applied"/.test(await scrape(worker)), {
      timeoutMs: 30_000,
      what: 'the worker applying agents',
    });
    await fetch(`${worker}/readyz`); // samples the Redis gauges

    const exposed = {
      ingest: await scrape(stack.ingestUrl),
      worker: await scrape(worker),
      'gc-sim': await scrape(`http://127.0.0.1:${simPort}`),
    };
    expect(exposed.worker).toMatch(/^wfm_sync_pending_keys\{/m);
    expect(exposed.worker).toMatch(/^wfm_sync_parked_agents\{/m);
    expect(exposed.worker).toMatch(/^wfm_sync_dead_letters\{/m);
    expect(exposed.worker).toMatch(/^wfm_sync_genesys_requests_total\{/m);
    expect(exposed.ingest).toMatch(/^wfm_sync_events_total\{/m);
    const checks = Object.entries(exposed).map(([name, text]) => {
      const check = runTool('promtool', ['check', 'metrics'], { input: text });
      return { name, status: check.status, problems: `${check.stdout}${check.stderr}`.trim() };
    });
    expect(checks).toEqual(Object.keys(exposed).map((name) => ({ name, status: 0, problems: '' })));
  });
});
