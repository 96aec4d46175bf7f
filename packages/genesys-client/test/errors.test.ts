import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GenesysApiError, type GenesysErrorKind, neverSent, UnknownOutcomeError } from '../src/index.js';
import { type Fixture, rejectionOf, startFixture } from './support/fixture.js';

const CAMPAIGN_ROUTE = '/api/v2/outbound/campaigns/{campaignId}';
const VERSION_MESSAGE =
  'The version number of the modified resource must match the version number in the database.';

const campaign = {
  id: 'camp-1',
  name: 'Sales',
  version: 3,
  dialingMode: 'predictive',
  outboundLineCount: 10,
  contactList: { id: 'cl-1' },
  phoneColumns: [{ columnName: 'phone', type: 'cell' }],
  callerName: 'Acme',
  callerAddress: '+6512345678',
};

const cases: Array<[string, number, Record<string, unknown>, GenesysErrorKind]> = [
  ['stale version', 409, { message: VERSION_MESSAGE, code: 'conflict', status: 409 }, 'version-conflict'],
  [
    '400 stale version',
    400,
    { message: 'Version 2 does not match the current version', code: 'bad.request', status: 400 },
    'version-conflict',
  ],
  [
    'duplicate',
    409,
    { message: 'Overlapping time off request', code: 'duplicate', status: 409 },
    'duplicate',
  ],
  [
    'other conflict',
    409,
    { message: 'Routing policy is being modified', code: 'conflict', status: 409 },
    'conflict',
  ],
  [
    'bad request',
    400,
    { message: 'outboundLineCount must be positive', code: 'bad.request', status: 400 },
    'invalid',
  ],
  [
    'forbidden',
    403,
    { message: 'Missing permission outbound:campaign:edit', code: 'missing.permissions', status: 403 },
    'unauthorized',
  ],
  ['not found', 404, { message: 'Campaign not found', code: 'not.found', status: 404 }, 'not-found'],
  [
    'internal error',
    500,
    { message: 'Internal server error', code: 'internal.server.error', status: 500 },
    'transient',
  ],
  [
    'unavailable',
    503,
    { message: 'Service unavailable', code: 'service.unavailable', status: 503 },
    'transient',
  ],
];

describe('errors surface classified, with what Genesys said', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture('gc-errors');
  });
  afterEach(async () => {
    await fx.close();
  });

  it.each(cases)('%s → %s', async (_name, status, body, kind) => {
    fx.fake.on('PUT', CAMPAIGN_ROUTE, () => ({
      status,
      body,
      headers: { 'inin-correlation-id': 'corr-xyz' },
    }));
    const error = await rejectionOf(fx.client().putCampaign(campaign));

    expect(error).toBeInstanceOf(GenesysApiError);
    expect(error).toMatchObject({
      kind,
      status,
      code: body.code,
      genesysMessage: body.message,
      correlationId: 'corr-xyz',
      method: 'PUT',
      route: CAMPAIGN_ROUTE,
    });
    expect(String((error as Error).message)).not.toContain('camp-1');
  });

  it('a 429 is rate-limited with retryAfterMs', async () => {
    fx.fake.on('PUT', CAMPAIGN_ROUTE, () => ({
      status: 429,
      headers: { 'retry-after': '3', 'inin-correlation-id': 'corr-429' },
      body: { message: 'Rate limit exceeded', code: 'too.many.requests', status: 429 },
    }));
    const error = await rejectionOf(fx.client().putCampaign(campaign));
    expect(error).toMatchObject({
      kind: 'rate-limited',
      status: 429,
      code: 'too.many.requests',
      correlationId: 'corr-429',
      retryAfterMs: 3000,
    });
    // Genesys answered: it saw the request.
    expect(neverSent(error)).toBe(false);
  });

  it('tells a call refused before it left (budget, lease) from one that may have reached Genesys', async () => {
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ status: 200, body: campaign }));
    // 60/min: five at once, the sixth a second later, longer than this client waits.
    const client = fx.client({ org: { requestsPerMinute: 60 }, options: { maxThrottleWaitMs: 100 } });
    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => client.getCampaign('camp-1')));
    const refused = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ kind: 'rate-limited', status: undefined, code: 'throttled' });
    expect(neverSent(refused[0])).toBe(true);
    const pastLease = await rejectionOf(fx.client().putCampaign(campaign, { deadline: Date.now() + 100 }));
    expect(neverSent(pastLease)).toBe(true);
    expect(fx.fake.apiRequests()).toHaveLength(5);

    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ hang: true }));
    const timedOut = await rejectionOf(
      fx.client({ options: { requestTimeoutMs: 300 } }).getCampaign('camp-1'),
    );
    expect(neverSent(timedOut)).toBe(false);
  });

  it('a timeout is transient and is not retried', async () => {
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ hang: true }));
    const error = await rejectionOf(fx.client({ options: { requestTimeoutMs: 300 } }).getCampaign('camp-1'));
    expect(error).toMatchObject({
      kind: 'transient',
      status: undefined,
      code: 'ETIMEDOUT',
      route: CAMPAIGN_ROUTE,
    });
    expect(fx.fake.apiRequests()).toHaveLength(1);
    const requests = await fx.registry.getSingleMetricAsString('wfm_sync_genesys_requests_total');
    expect(requests).toContain('status="timeout"');
  });

  it('a connection reset is transient and is not retried', async () => {
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ reset: true }));
    const error = await rejectionOf(fx.client().getCampaign('camp-1'));
    expect(error).toMatchObject({ kind: 'transient', status: undefined, code: 'ECONNRESET' });
    expect(fx.fake.apiRequests()).toHaveLength(1);
  });

  it('a refused connection is transient', async () => {
    const client = fx.client({ org: { apiBaseUrl: 'http://127.0.0.1:1' } });
    const error = await rejectionOf(client.getCampaign('camp-1'));
    expect(error).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
  });

  it('an answer that is not the model is invalid (ResponseValidationError)', async () => {
    fx.fake.on('GET', '/api/v2/telephony/providers/edges/trunks/{trunkId}', () => ({
      status: 200,
      body: { id: 't1', state: 42 },
    }));
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ status: 200, body: '<html>proxy error</html>' }));
    const client = fx.client();

    const trunkError = await rejectionOf(client.getTrunk('t1'));
    expect(trunkError).toMatchObject({
      name: 'ResponseValidationError',
      kind: 'invalid',
      status: 200,
      model: 'Trunk',
    });
    expect((trunkError as Error).message).toMatch(/not a valid Trunk.*state/s);

    const campaignError = await rejectionOf(client.getCampaign('camp-1'));
    expect(campaignError).toMatchObject({
      kind: 'invalid',
      model: 'Campaign',
      issues: 'the body is not JSON',
    });
  });

  it('a write answered 2xx with an unreadable body is an unknown outcome: the same error as a lost answer', async () => {
    const SCHEDULE = '/api/v2/workforcemanagement/businessunits/{bu}/weeks/{week}/schedules/{id}';
    fx.fake.on('PUT', CAMPAIGN_ROUTE, () => ({ status: 200, body: '{"id": "camp-1", "vers' }));
    fx.fake.on('POST', `${SCHEDULE}/update`, () => ({ status: 200, body: { operationId: 'op-1' } }));
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ status: 200, body: { id: 'camp-1' } }));
    const client = fx.client();

    const put = await rejectionOf(client.putCampaign(campaign));
    expect(put).toBeInstanceOf(UnknownOutcomeError);
    expect(put).toMatchObject({
      kind: 'transient',
      status: undefined,
      answeredStatus: 200,
      code: 'response.unreadable',
      model: 'Campaign',
      route: CAMPAIGN_ROUTE,
    });
    const update = await rejectionOf(client.startScheduleUpdate('bu-1', 'w', 's', { uploadKey: 'k' }));
    expect(update).toMatchObject({ kind: 'transient', status: undefined, model: 'BuAsyncScheduleResponse' });
    // A read's unreadable answer is still a contract problem, not an unknown outcome.
    expect(await rejectionOf(client.getCampaign('camp-1'))).toMatchObject({
      name: 'ResponseValidationError',
      kind: 'invalid',
    });
  });

  it('an id that would change the path is refused before sending', async () => {
    const error = await rejectionOf(fx.client().getCampaign('..'));
    expect(error).toMatchObject({ kind: 'invalid', status: undefined });
    expect(fx.fake.requests).toHaveLength(0);
  });

  it('ids are URL-encoded into one path segment', async () => {
    fx.fake.on('GET', CAMPAIGN_ROUTE, () => ({ status: 200, body: { ...campaign, id: 'a/b?c' } }));
    await fx.client().getCampaign('a/b?c');
    expect(fx.fake.apiRequests()[0]?.path).toBe('/api/v2/outbound/campaigns/a%2Fb%3Fc');
  });
});
