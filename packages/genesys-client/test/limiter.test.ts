import { waitFor } from '@wfm-sync/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenesysApiError, type GenesysClient } from '../src/index.js';
import { type Fixture, serveTrunks, startFixture, TRUNK_ROUTE, trunkBody } from './support/fixture.js';

const BURST = 5;

/** Calls getTrunk in `parallel` loops until `untilMs`; budget refusals (rate-limited, unsent) are expected. */
async function hammer(client: GenesysClient, parallel: number, untilMs: number): Promise<number> {
  let refused = 0;
  const loop = async () => {
    while (Date.now() < untilMs) {
      try {
        await client.getTrunk('t1');
      } catch (error) {
        if (!(error instanceof GenesysApiError) || error.code !== 'throttled') throw error;
        refused += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, loop));
  return refused;
}

describe('shared request budget', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture('gc-limiter');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('two processes hammering one org never exceed its budget in any window', async () => {
    serveTrunks(fx.fake);
    const rpm = 300;
    const options = { maxThrottleWaitMs: 1000 };
    const sent = { a: 0, b: 0 };
    const a = fx.client({
      org: { requestsPerMinute: rpm },
      options: { ...options, onRequest: (event) => void (event.route === TRUNK_ROUTE && sent.a++) },
    });
    const b = fx.client({
      org: { requestsPerMinute: rpm },
      options: { ...options, onRequest: (event) => void (event.route === TRUNK_ROUTE && sent.b++) },
    });
    const until = Date.now() + 3000;

    await Promise.all([hammer(a, 3, until), hammer(b, 3, until)]);

    const arrivals = fx.fake
      .apiRequests()
      .map((request) => request.at)
      .sort((x, y) => x - y);
    const interval = 60_000 / (rpm - BURST);
    // Every window [t_i, t_j] the server could measure holds at most burst + its share of the
    // budget (plus one for arrival jitter): scaled to 60 s, that is never more than rpm.
    for (let i = 0; i < arrivals.length; i++) {
      for (let j = i; j < arrivals.length; j++) {
        const span = (arrivals[j] ?? 0) - (arrivals[i] ?? 0);
        expect(j - i + 1, `window of ${span} ms`).toBeLessThanOrEqual(
          BURST + Math.floor(span / interval) + 1,
        );
      }
    }
    // Budget shared, not per process: two private budgets would let twice as many through.
    const spanMs = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(arrivals.length).toBeLessThanOrEqual(BURST + Math.floor(spanMs / interval) + 1);
    // And not starved: about one request per interval went out.
    expect(arrivals.length).toBeGreaterThanOrEqual(Math.floor(3000 / interval));
    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
    expect(sent.a + sent.b).toBe(arrivals.length);
  });

  it('serves callers of two processes in order of asking under sustained load: nobody starves', async () => {
    serveTrunks(fx.fake);
    let sent = 0;
    const options = { maxThrottleWaitMs: 6_000, onRequest: () => void sent++ };
    const a = fx.client({ org: { requestsPerMinute: 120 }, options });
    const b = fx.client({ org: { requestsPerMinute: 120 }, options });
    // One slot per 522 ms after a burst of 5. A backlog of 14, then a new call each time a request leaves, for 20
    // more: demand equals supply and 9 callers always wait. Served in order, every call waits about 9 slots (< 5 s);
    // with waiters racing for each freed slot, early callers keep losing to later ones and some wait past their 6 s.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 14; i++) calls.push((i % 2 === 0 ? a : b).getTrunk('t1'));
    for (let i = 0; i < 20; i++) {
      await waitFor(() => sent >= BURST + i + 1, { timeoutMs: 5_000, what: `request ${BURST + i + 1} sent` });
      calls.push((i % 2 === 0 ? b : a).getTrunk('t1'));
    }
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  });

  it('after a 429 with Retry-After: 2 no process sends anything for 2 s', async () => {
    serveTrunks(fx.fake);
    let answered429 = false;
    fx.fake.on('GET', TRUNK_ROUTE, () => {
      if (answered429) return { status: 200, body: trunkBody('t1') };
      answered429 = true;
      return {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { message: 'Rate limit exceeded the maximum', code: 'too.many.requests', status: 429 },
      };
    });
    const a = fx.client();
    const b = fx.client();

    const error = await a.getTrunk('t1').catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      code: 'too.many.requests',
      retryAfterMs: 2000,
    });
    const blockedAt = fx.fake.apiRequests()[0]?.at ?? 0;

    // Both processes, the one that saw the 429 and the one that did not, wait it out.
    await Promise.all([a.getTrunk('t2'), b.getTrunk('t3'), a.getTrunk('t4'), b.getTrunk('t5')]);

    const after = fx.fake.apiRequests().slice(1);
    expect(after).toHaveLength(4);
    for (const request of after) expect(request.at).toBeGreaterThanOrEqual(blockedAt + 2000);
    const throttle = await fx.registry.getSingleMetricAsString('wfm_sync_genesys_throttle_wait_seconds');
    expect(throttle).toMatch(/wfm_sync_genesys_throttle_wait_seconds_count\{org="acme-apac"\} [1-9]/);
    const limited = await fx.registry.getSingleMetricAsString('wfm_sync_genesys_rate_limited_total');
    expect(limited).toContain('wfm_sync_genesys_rate_limited_total{org="acme-apac"} 1');
  });

  it('throws rate-limited without sending when the block outlasts maxThrottleWaitMs', async () => {
    serveTrunks(fx.fake);
    fx.fake.on('GET', TRUNK_ROUTE, () => ({ status: 429, headers: { 'retry-after': '30' }, body: {} }));
    const client = fx.client();
    await expect(client.getTrunk('t1')).rejects.toMatchObject({ kind: 'rate-limited', retryAfterMs: 30_000 });

    const other = fx.client();
    const error = await other.getTrunk('t2').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'rate-limited', code: 'throttled' });
    expect((error as GenesysApiError).retryAfterMs).toBeGreaterThan(28_000);
    expect(fx.fake.apiRequests()).toHaveLength(1);
    // The block key lives only as long as the block (plus a second).
    const ttl = await fx.redis.client.pttl(fx.keys.blockedUntil);
    expect(ttl).toBeGreaterThan(28_000);
    expect(ttl).toBeLessThanOrEqual(31_000);
  });

  it('adopts a lower budget the server advertises, for every process', async () => {
    fx.fake.on('GET', TRUNK_ROUTE, () => ({
      status: 200,
      headers: { 'inin-ratelimit-allowed': '30', 'inin-ratelimit-count': '1', 'inin-ratelimit-reset': '60' },
      body: trunkBody('t1'),
    }));
    await fx.client({ org: { requestsPerMinute: 300 } }).getTrunk('t1');
    await waitFor(async () => (await fx.redis.client.get(fx.keys.allowed)) === '30', {
      what: 'the advertised budget',
    });
    expect(await fx.redis.client.pttl(fx.keys.allowed)).toBeGreaterThan(0);

    // 30/min: burst 3, then one every 60/27 s. At 300/min all five would go at once; at 30/min
    // the last ones would wait seconds, longer than this client may.
    const other = fx.client({ org: { requestsPerMinute: 300 }, options: { maxThrottleWaitMs: 500 } });
    const results = await Promise.allSettled(['a', 'b', 'c', 'd', 'e'].map((id) => other.getTrunk(id)));
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(fx.fake.apiRequests().length).toBeLessThanOrEqual(4);
  });

  it('tells a read when it leaves, after the budget wait, so an observation is not aged by the wait', async () => {
    serveTrunks(fx.fake);
    // 60/min: burst 5, then one every 60/55 s; the sixth read waits about a second for its slot.
    const client = fx.client({ org: { requestsPerMinute: 60 } });
    const asked = Date.now();
    const sentAt: number[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((id) =>
        client.getTrunk(id, { onSent: () => sentAt.push(Date.now()) }),
      ),
    );
    expect(sentAt).toHaveLength(6);
    const last = Math.max(...sentAt);
    expect(last - asked).toBeGreaterThan(800);
    // The server saw the last read at (or just after) the moment reported, not when it was asked for.
    const served = Math.max(...fx.fake.apiRequests().map((r) => r.at));
    expect(served).toBeGreaterThanOrEqual(last);
    expect(served - last).toBeLessThan(200);
  });
});
