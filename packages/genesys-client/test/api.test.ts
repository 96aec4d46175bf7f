import { gunzipSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGenesysClientMetrics, type UpdateScheduleUploadSchema } from '../src/index.js';
import { type Fixture, rejectionOf, serveTrunks, startFixture, trunkBody } from './support/fixture.js';

async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

const SCHEDULE_PATH = '/api/v2/workforcemanagement/businessunits/{bu}/weeks/{week}/schedules/{id}';

describe('typed API calls', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await startFixture('gc-api');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('updateSchedule uploads gzip of exactly the announced length, then starts the update', async () => {
    let announced = -1;
    fx.fake.on('POST', `${SCHEDULE_PATH}/update/uploadurl`, (request) => {
      announced = JSON.parse(request.body.toString()).contentLengthBytes;
      return {
        status: 200,
        body: {
          uploadKey: 'upload-1',
          url: `${fx.fake.url}/uploads/upload-1?signature=abc`,
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        },
      };
    });
    fx.fake.on('PUT', '/uploads/{key}', () => ({ status: 200 }), { authenticated: false });
    fx.fake.on('POST', `${SCHEDULE_PATH}/update`, () => ({
      status: 200,
      body: { status: 'Processing', operationId: 'op-1' },
    }));
    const body: UpdateScheduleUploadSchema = {
      metadata: { version: 7 },
      agentSchedules: [
        {
          userId: 'u1',
          metadata: { version: 2 },
          shifts: [
            {
              startDate: '2025-01-06T09:00:00Z',
              lengthMinutes: 480,
              activities: [{ startDate: '2025-01-06T09:00:00Z', lengthMinutes: 480, activityCodeId: '0' }],
            },
          ],
        },
      ],
    };

    const answer = await fx.client().updateSchedule('bu-1', '2025-01-06', 'sch-1', body);

    expect(answer).toEqual({ status: 'Processing', operationId: 'op-1' });
    const [uploadUrl, upload, update] = fx.fake.apiRequests();
    expect(uploadUrl?.path).toBe(
      '/api/v2/workforcemanagement/businessunits/bu-1/weeks/2025-01-06/schedules/sch-1/update/uploadurl',
    );
    expect(upload?.method).toBe('PUT');
    expect(upload?.query.get('signature')).toBe('abc');
    expect(upload?.body.length).toBe(announced);
    expect(upload?.headers['content-length']).toBe(String(announced));
    expect(upload?.headers['content-encoding']).toBe('gzip');
    // The presigned URL is the credential: our bearer token never goes there.
    expect(upload?.headers.authorization).toBeUndefined();
    expect(JSON.parse(gunzipSync(upload?.body ?? Buffer.alloc(0)).toString())).toEqual(body);
    expect(JSON.parse(update?.body.toString() ?? '')).toEqual({ uploadKey: 'upload-1' });
  });

  it('refuses an issued upload URL that is plain http on another origin', async () => {
    fx.fake.on('POST', `${SCHEDULE_PATH}/update/uploadurl`, () => ({
      status: 200,
      body: { uploadKey: 'k', url: 'http://169.254.169.254/latest/meta-data', headers: {} },
    }));
    const error = await rejectionOf(
      fx.client().updateSchedule('bu-1', '2025-01-06', 'sch-1', { metadata: { version: 1 } }),
    );
    expect(error).toMatchObject({ kind: 'invalid', route: '{issuedUploadUrl}' });
    expect(fx.fake.apiRequests()).toHaveLength(1);
  });

  it('listAllTrunks reads page after page until pageCount', async () => {
    fx.fake.on('GET', '/api/v2/telephony/providers/edges/trunks', (request) => {
      const pageNumber = Number(request.query.get('pageNumber'));
      const pageSize = Number(request.query.get('pageSize'));
      const entities = Array.from({ length: pageNumber < 3 ? pageSize : 7 }, (_, i) =>
        trunkBody(`p${pageNumber}-${i}`),
      );
      return { status: 200, body: { entities, pageSize, pageNumber, total: 207, pageCount: 3 } };
    });
    const trunks = await fx.client().listAllTrunks();
    expect(trunks).toHaveLength(207);
    expect(fx.fake.apiRequests().map((request) => request.query.toString())).toEqual([
      'pageSize=100&pageNumber=1',
      'pageSize=100&pageNumber=2',
      'pageSize=100&pageNumber=3',
    ]);
  });

  it('keeps fields it does not know, so a campaign goes back whole', async () => {
    const stored = {
      id: 'c1',
      name: 'Sales',
      version: 4,
      outboundLineCount: 10,
      abandonRate: 3,
      callerName: 'Acme',
      skillColumns: ['lang'],
      dynamicLineBalancingSettings: { enabled: true, relativeWeight: 20 },
    };
    fx.fake.on('GET', '/api/v2/outbound/campaigns/{id}', () => ({ status: 200, body: stored }));
    fx.fake.on('PUT', '/api/v2/outbound/campaigns/{id}', (request) => ({
      status: 200,
      body: { ...JSON.parse(request.body.toString()), version: 5 },
    }));
    const client = fx.client();
    const campaign = await client.getCampaign('c1');
    const written = await client.putCampaign({ ...campaign, outboundLineCount: 12 });

    expect(JSON.parse(fx.fake.apiRequests()[1]?.body.toString() ?? '')).toEqual({
      ...stored,
      outboundLineCount: 12,
    });
    expect(written).toMatchObject({ version: 5, outboundLineCount: 12, skillColumns: ['lang'] });
  });

  it('follows a downloadUrl answer of a time-off query, without the bearer token', async () => {
    fx.fake.on('POST', '/api/v2/workforcemanagement/managementunits/{mu}/timeoffrequests/query', () => ({
      status: 200,
      body: { downloadUrl: `${fx.fake.url}/downloads/result-1` },
    }));
    const item = {
      id: 'tor-1',
      user: { id: 'u1' },
      status: 'APPROVED',
      activityCodeId: 'ac',
      fullDayManagementUnitDates: ['2025-01-07'],
      notes: 'wfm-sync:ext-1',
      metadata: { version: 1 },
    };
    fx.fake.on('GET', '/downloads/{id}', () => ({ status: 200, body: { entities: [item] } }), {
      authenticated: false,
    });

    const result = await fx.client().queryTimeOffRequests('mu-1', { userIds: ['u1'] });

    expect(result.entities).toEqual([item]);
    expect(fx.fake.apiRequests()[1]?.headers.authorization).toBeUndefined();
  });

  it('every key it leaves in Redis expires', async () => {
    serveTrunks(fx.fake);
    fx.fake.on('GET', '/api/v2/telephony/providers/edges/trunks/{id}', () => ({
      status: 200,
      headers: { 'inin-ratelimit-allowed': '100' },
      body: trunkBody('t1'),
    }));
    fx.fake.on('GET', '/api/v2/outbound/campaigns/{id}', () => ({
      status: 429,
      headers: { 'retry-after': '1' },
    }));
    const client = fx.client({ org: { requestsPerMinute: 300 } });
    await client.getTrunk('t1');
    await rejectionOf(client.getCampaign('c1'));

    const keys = await keysWithPrefix(fx.redis.client, fx.redis.prefix);
    const usage = keys.filter((key) => key.includes(':gc:used:'));
    expect(usage).toHaveLength(1);
    expect(keys.sort()).toEqual(
      [fx.keys.allowed, fx.keys.blockedUntil, fx.keys.limiter, fx.keys.token, ...usage].sort(),
    );
    for (const key of keys) expect(await fx.redis.client.pttl(key), key).toBeGreaterThan(0);
  });

  it('metrics are created once per registry and shared by clients', () => {
    const registry = new Registry();
    const first = createGenesysClientMetrics(registry);
    const second = createGenesysClientMetrics(registry);
    expect(second.requests).toBe(first.requests);
    expect(registry.getMetricsAsArray()).toHaveLength(6);
  });

  it('reports every request to onRequest with its route template', async () => {
    serveTrunks(fx.fake);
    await fx.client().getTrunk('t-9');
    expect(fx.events.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'POST', route: '/oauth/token', status: 200 },
      { method: 'GET', route: '/api/v2/telephony/providers/edges/trunks/{trunkId}', status: 200 },
    ]);
  });
});
