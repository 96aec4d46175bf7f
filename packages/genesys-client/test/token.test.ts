import { waitFor } from '@wfm-sync/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenesysApiError } from '../src/index.js';
import { type Fixture, rejectionOf, serveTrunks, startFixture } from './support/fixture.js';

describe('OAuth token shared through Redis', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture('gc-token');
    serveTrunks(fx.fake);
  });
  afterEach(async () => {
    await fx.close();
  });

  it('fetches one token for two processes calling concurrently', async () => {
    fx.fake.tokenDelayMs = 150;
    const a = fx.client();
    const b = fx.client();
    const calls = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).getTrunk(`t${i}`));
    const trunks = await Promise.all(calls);

    expect(trunks.map((trunk) => trunk.id)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i}`));
    expect(fx.fake.tokenRequests()).toHaveLength(1);
    expect(fx.fake.apiRequests().every((request) => request.headers.authorization === 'Bearer tok-1')).toBe(
      true,
    );
  });

  it('refreshes the token before it expires', async () => {
    fx.fake.tokenLifetimeS = 2;
    const client = fx.client();
    await client.getTrunk('t1');
    // Cached for the lifetime minus 10% (at most a minute early).
    const ttl = await fx.redis.client.pttl(fx.keys.token);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1800);

    await waitFor(async () => (await fx.redis.client.exists(fx.keys.token)) === 0, {
      what: 'the cached token to lapse',
    });
    await client.getTrunk('t2');

    expect(fx.fake.tokenRequests()).toHaveLength(2);
    // Genesys never had to reject an expired token.
    expect(fx.fake.requests.filter((request) => request.status === 401)).toHaveLength(0);
    expect(fx.fake.apiRequests().map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('fetches once and repeats the call once when a revoked token is rejected', async () => {
    fx.fake.tokenDelayMs = 100;
    const a = fx.client();
    const b = fx.client();
    await a.getTrunk('warm-up');
    fx.fake.revokeAll();

    const [ta, tb] = await Promise.all([a.getTrunk('t-a'), b.getTrunk('t-b')]);

    expect([ta.id, tb.id]).toEqual(['t-a', 't-b']);
    expect(fx.fake.tokenRequests()).toHaveLength(2);
    const rejected = fx.fake.apiRequests().filter((request) => request.status === 401);
    expect(rejected.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
    ]);
    expect(await fx.redis.client.get(fx.keys.token)).toBe('tok-2');
  });

  it('reports unauthorized when the fresh token is rejected too', async () => {
    fx.fake.on('GET', '/api/v2/telephony/providers/edges/trunks/{trunkId}', () => ({
      status: 401,
      body: { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 },
    }));
    const error = await rejectionOf(fx.client().getTrunk('t1'));

    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'bad.credentials' });
    expect(fx.fake.tokenRequests()).toHaveLength(2);
    expect(fx.fake.apiRequests()).toHaveLength(2);
  });

  it('treats the token endpoint\'s 400 "rate limit exceeded" as rate-limited and holds other fetches', async () => {
    fx.fake.tokenReply = {
      status: 400,
      headers: { 'retry-after': '5' },
      body: { error: 'invalid_request', error_description: 'rate limit exceeded; retry later' },
    };
    const error = await rejectionOf(fx.client().getTrunk('t1'));
    expect(error).toMatchObject({
      kind: 'rate-limited',
      status: 400,
      code: 'invalid_request',
      retryAfterMs: 5000,
    });
    expect(fx.fake.apiRequests()).toHaveLength(0);

    // Another process does not hammer the token endpoint meanwhile: it would have to wait.
    const held = await rejectionOf(fx.client({ options: { maxThrottleWaitMs: 1000 } }).getTrunk('t1'));
    expect(held).toMatchObject({ kind: 'rate-limited', code: 'throttled' });
    expect(fx.fake.tokenRequests()).toHaveLength(1);
  });

  it('treats invalid_client as unauthorized without leaking the secret', async () => {
    const error = await rejectionOf(fx.client({ org: { clientSecret: 'wrong-secret' } }).getTrunk('t1'));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 400, code: 'invalid_client' });
    expect(String(error)).not.toContain('wrong-secret');
    expect(JSON.stringify(error)).not.toContain('wrong-secret');
    expect(await fx.redis.client.exists(fx.keys.token)).toBe(0);
  });
});
