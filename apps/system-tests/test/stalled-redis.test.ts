import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFixture, type RunningSim, startSim } from '@wfm-sync/gc-sim';
import {
  type DeliveryAttempt,
  generateAgentStorm,
  type Stack,
  startStack,
  WebhookSender,
  writeTopologyFile,
} from '@wfm-sync/local-stack';
import { type PrivateRedis, startPrivateRedis, waitFor } from '@wfm-sync/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

const SECRET = `whsec_${Buffer.from('stalled-redis-test-secret-0123').toString('base64')}`;
const REDIS_TIMEOUT_MS = 2_000;
const MAX_IN_FLIGHT = 8;
/** Lease and BullMQ lock: longer than the first stall, shorter than the second. */
const LEASE_MS = 12_000;
const STALLS_MS = [10_000, LEASE_MS + 4_000];

async function ingestRss(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

describe('a stalled Redis (SIGSTOP) under load: ingest answers in time, workers lose nothing and write nothing twice', () => {
  let sim: RunningSim | undefined;
  let proxy: RecordingProxy | undefined;
  let redis: PrivateRedis | undefined;
  let stack: Stack | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'wfm-stall-'));

  afterAll(async () => {
    redis?.resume();
    await stack?.stop();
    await proxy?.close();
    await sim?.close();
    await redis?.stop();
    if (process.env.KEEP_STORM_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
  });

  it('stalls Redis twice (10 s, then longer than the lease and the job lock) and converges with no violation', async () => {
    const fixture = generateFixture({
      seed: 13,
      orgs: 1,
      trunks: 3,
      agents: 60,
      regions: ['ap-southeast-1'],
    });
    const org = fixture.orgs[0]!;
    sim = await startSim({
      fixture,
      seed: 13,
      requestsPerMinute: 6_000,
      // Slow enough that workers are mid-write when Redis stops; no 5xx, so every repeated write is the pipeline's.
      faults: { latency: { p50Ms: 80, p99Ms: 300 } },
    });
    proxy = await startRecordingProxy(sim.url);
    redis = await startPrivateRedis();
    const { topologyFile, env } = writeTopologyFile(fixture, dir, {
      baseUrl: proxy.url,
      requestsPerMinute: 6_000,
    });
    const workerEnv = {
      LEASE_TTL_MS: String(LEASE_MS),
      WORKER_LOCK_DURATION_MS: String(LEASE_MS),
      WORKER_STALLED_INTERVAL_MS: '2000',
      SWEEP_EVERY_MS: '1000',
      TRUNK_POLL_EVERY_MS: '1000',
      TRUNK_HEALTH_MAX_AGE_MS: String(STALLS_MS[1]! * 3),
    };
    stack = await startStack({
      redisUrl: redis.url,
      prefix: 'stall',
      topologyFile,
      env,
      webhookSecret: SECRET,
      logDir: dir,
      logLevel: 'warn',
      workers: [
        { region: 'ap-southeast-1', env: workerEnv },
        { region: 'ap-southeast-1', env: workerEnv },
      ],
      ingestEnv: {
        SWEEP_AFTER_MS: '3000',
        INGEST_REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
        INGEST_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      },
    });
    const ingestUrl = stack.ingestUrl;

    const storm = generateAgentStorm(fixture, {
      seed: 13,
      agents: 60,
      eventsPerAgent: 12,
      duplicateRate: 0.1,
      outOfOrderRate: 0.05,
    });
    const attempts: DeliveryAttempt[] = [];
    // ~200 KB of events the storm sends anyway (duplicates at worst), so the burst cannot change what is newest.
    const bigBatch = JSON.stringify({ events: storm.deliveries.slice(0, 600) });
    const sender = new WebhookSender(`${ingestUrl}/v1/webhooks/wfm`, SECRET, (a) => attempts.push(a));

    const baselineRss = await ingestRss(ingestUrl);
    let peakRss = baselineRss;
    const t0 = Date.now();
    const marks: number[] = [];
    const stalls: Promise<void>[] = [];
    /** Stops Redis for `ms` (the experiment's parameter, not a wait for state) while the storm goes on. */
    const stall = async (ms: number) => {
      marks.push(Date.now() - t0);
      redis!.stall();
      // Large deliveries at once, as in the incident: the in-flight cap must keep ingest's memory flat.
      const big = new WebhookSender(`${ingestUrl}/v1/webhooks/wfm`, SECRET, (a) => attempts.push(a));
      const burst = Array.from({ length: 30 }, () => big.send(bigBatch, { maxAttempts: 1 }));
      const until = Date.now() + ms;
      while (Date.now() < until) {
        peakRss = Math.max(peakRss, await ingestRss(ingestUrl));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      redis!.resume();
      marks.push(Date.now() - t0);
      await Promise.all(burst);
    };
    let next = 0;
    const statuses = await sender.sendAll(storm.deliveries, {
      batchSize: 5,
      concurrency: 4,
      afterRound: async (sent) => {
        const at = [0.25, 0.6][next];
        if (at !== undefined && sent >= storm.deliveries.length * at) {
          stalls.push(stall(STALLS_MS[next]!));
          next++;
        }
      },
    });
    await Promise.all(stalls);
    expect(next).toBe(2);
    expect(statuses.every((s) => s === 202 || s === 200)).toBe(true);

    // Every answer within the deadline plus 1 s; during the stalls they were 503s with Retry-After.
    const slowest = Math.max(...attempts.map((a) => a.ms));
    if (process.env.STORM_STATS === '1')
      process.stderr.write(
        `stall stats: ${JSON.stringify({ attempts: attempts.length, shed: attempts.filter((a) => a.status === 503).length, slowest, rssGrowthMb: (peakRss - baselineRss) / 2 ** 20, slow: attempts.filter((a) => a.ms > 2_200).map((a) => ({ ...a, at: a.at - t0 })), marks })}\n`,
      );
    expect(attempts.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.status === 0)).toEqual([]);
    expect(slowest).toBeLessThan(REDIS_TIMEOUT_MS + 1_000);
    // 30 deliveries of ~200 KB arrived at once during each stall. Held until Redis resumed (before decision 018)
    // they grew ingest by about 100 MB; shed, the growth is the bodies' own buffers and garbage not yet collected
    // (23 to 44 MB measured here, depending on when the collector runs), so the bound leaves room for that.
    expect(peakRss - baselineRss).toBeLessThan(64 * 1024 * 1024);

    const admin = sim.sim.admin;
    const mismatched = () =>
      [...storm.expected.entries()].filter(([userId, { data }]) => {
        const actual = admin.utilization(org.id, userId)?.utilization;
        return (['call', 'chat', 'email'] as const).some(
          (type) => actual?.[type]?.maximumCapacity !== data.utilization[type]?.maximumCapacity,
        );
      });
    await waitFor(() => mismatched().length === 0, {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'every agent at its highest-sequence utilization after the stalls',
    }).catch((error: Error) => {
      throw new Error(`${error.message}; ${mismatched().length} agents differ (logs: ${dir})`);
    });

    // No write twice: for each agent, no two consecutive accepted utilization PUTs carry the same body.
    const puts = proxy.requests
      .filter(
        (r) => r.method === 'PUT' && r.path.includes('/utilization') && r.status >= 200 && r.status < 300,
      )
      .sort((a, b) => a.startedAt - b.startedAt);
    const repeated: string[] = [];
    const last = new Map<string, string>();
    for (const put of puts) {
      if (last.get(put.path) === put.body) repeated.push(`${put.path} ${put.body}`);
      last.set(put.path, put.body);
    }
    expect(repeated).toEqual([]);
    expect(puts.length).toBeGreaterThan(0);

    const violations = admin.violations();
    expect({
      concurrentWrites: violations.concurrentWrites,
      requestsDuringRetryAfter: violations.requestsDuringRetryAfter,
      unhealthyTrunkWrites: violations.unhealthyTrunkWrites,
    }).toEqual({ concurrentWrites: 0, requestsDuringRetryAfter: 0, unhealthyTrunkWrites: 0 });
  });
});
