import { waitFor } from '@wfm-sync/test-support';
import { describe, expect, it } from 'vitest';
import { apiFor, http, manualClock, tokenFor, useSims } from './helpers.js';

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function tokenRequest(url: string, authorization: string, body = 'grant_type=client_credentials') {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('OAuth client credentials', () => {
  const start = useSims();

  it('issues a bearer token bound to the org of the client', async () => {
    const sim = await start({ tokenLifetimeS: 600 });
    const org = sim.sim.fixture.orgs[1];
    const issued = await tokenRequest(sim.url, basic(org?.clientId as string, org?.clientSecret as string));
    expect(issued).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 600 } });
    const token = issued.body.access_token as string;
    const own = await http(`${sim.url}/api/v2/telephony/providers/edges/trunks/${org?.trunks[0]?.id}`, {
      token,
    });
    expect(own.status).toBe(200);
    const foreign = sim.sim.fixture.orgs[0]?.trunks[0]?.id;
    expect(
      (await http(`${sim.url}/api/v2/telephony/providers/edges/trunks/${foreign}`, { token })).status,
    ).toBe(404);
    expect(sim.sim.admin.requestLog().find((e) => e.route === '/oauth/token')?.orgId).toBe(org?.id);
  });

  it('rejects bad credentials with the OAuth error body', async () => {
    const sim = await start();
    const org = sim.sim.fixture.orgs[0];
    const wrongSecret = await tokenRequest(sim.url, basic(org?.clientId as string, 'nope'));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client' });
    expect(wrongSecret.body).toHaveProperty('error_description');
    const unknown = await tokenRequest(sim.url, basic('no-such-client', 'x'));
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const wrongGrant = await tokenRequest(
      sim.url,
      basic(org?.clientId as string, org?.clientSecret as string),
      'grant_type=password',
    );
    expect(wrongGrant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('limits the token endpoint separately, answering 400 invalid_request', async () => {
    const sim = await start({ tokenRequestsPerMinute: 2 });
    const org = sim.sim.fixture.orgs[0];
    const auth = basic(org?.clientId as string, org?.clientSecret as string);
    expect((await tokenRequest(sim.url, auth)).status).toBe(200);
    expect((await tokenRequest(sim.url, auth)).status).toBe(200);
    const limited = await tokenRequest(sim.url, auth);
    expect(limited.status).toBe(400);
    expect(limited.body.error).toBe('invalid_request');
    expect(limited.body.error_description).toMatch(/^rate limit exceeded; /);
    // The other org's client has its own limit.
    expect((await tokenFor(sim, 1)).length).toBeGreaterThan(10);
  });

  it('answers 401 bad.credentials for a missing, expired or revoked token', async () => {
    const clock = manualClock();
    const sim = await start({ tokenLifetimeS: 300, now: clock.now });
    const path = `${sim.url}/api/v2/telephony/providers/edges/trunks`;
    const missing = await http(path);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status: 401 });

    const token = await tokenFor(sim);
    expect((await http(path, { token })).status).toBe(200);
    clock.advance(300_000);
    expect((await http(path, { token })).body).toEqual({
      message: 'Invalid login credentials.',
      code: 'bad.credentials',
      status: 401,
      contextId: expect.any(String),
      messageWithParams: 'Invalid login credentials.',
      messageParams: {},
      details: [],
      errors: [],
    });

    const fresh = await tokenFor(sim);
    const other = await tokenFor(sim, 1);
    expect(sim.sim.admin.revokeTokens(sim.sim.fixture.orgs[0]?.id)).toBe(1);
    expect((await http(path, { token: fresh })).status).toBe(401);
    expect((await http(path, { token: other })).status).toBe(200);
  });
});

describe('per-token rate limit', () => {
  const start = useSims();

  it('sends the rate-limit headers and a correlation id on every API response', async () => {
    const sim = await start({ requestsPerMinute: 10 });
    const api = await apiFor(sim);
    const first = await api.call('GET', '/api/v2/telephony/providers/edges/trunks');
    const second = await api.call('GET', '/api/v2/telephony/providers/edges/trunks/missing');
    expect(first.headers.get('inin-ratelimit-count')).toBe('1');
    expect(second.headers.get('inin-ratelimit-count')).toBe('2');
    expect(second.headers.get('inin-ratelimit-allowed')).toBe('10');
    expect(Number(second.headers.get('inin-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect(Number(second.headers.get('inin-ratelimit-reset'))).toBeLessThanOrEqual(60);
    expect(first.headers.get('inin-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(first.headers.get('inin-correlation-id')).not.toBe(second.headers.get('inin-correlation-id'));
  });

  it('answers 429 with Retry-After over budget, and a new window restores the budget', async () => {
    const clock = manualClock();
    const sim = await start({ requestsPerMinute: 3, now: clock.now });
    const api = await apiFor(sim);
    const path = '/api/v2/telephony/providers/edges/trunks';
    for (let i = 0; i < 3; i++) expect((await api.call('GET', path)).status).toBe(200);
    clock.advance(20_000);
    const limited = await api.call('GET', path);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.body).toMatchObject({ status: 429, code: 'too.many.requests' });
    // Another token has its own budget.
    const other = await tokenFor(sim);
    expect((await http(`${sim.url}${path}`, { token: other })).status).toBe(200);
    clock.advance(40_000);
    expect((await api.call('GET', path)).status).toBe(200);
    expect(sim.sim.admin.violations().requestsDuringRetryAfter).toBe(0);
  });
});

describe('token lifetime on the real clock', () => {
  const start = useSims();

  it('expires a short-lived token', async () => {
    const sim = await start({ tokenLifetimeS: 1 });
    const api = await apiFor(sim);
    const path = '/api/v2/telephony/providers/edges/trunks';
    expect((await api.call('GET', path)).status).toBe(200);
    await waitFor(async () => (await api.call('GET', path)).status === 401, { what: 'the token to expire' });
  });
});
