import { createTestRedis, type TestRedis } from '@wfm-sync/test-support';
import { Registry } from 'prom-client';
import {
  createGenesysClient,
  createGenesysClientMetrics,
  type GenesysClient,
  type GenesysClientOptions,
  type GenesysKeys,
  type GenesysOrgConfig,
  type GenesysRequestEvent,
  genesysKeys,
} from '../../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, FakeGenesys } from './fake-genesys.js';

export const ORG_ID = 'acme-apac';

export interface ClientOverrides {
  org?: Partial<GenesysOrgConfig>;
  options?: Partial<Omit<GenesysClientOptions, 'org' | 'redis'>>;
}

/** A fake Genesys, a Redis namespace, a metrics registry, and clients as separate processes would have them. */
export interface Fixture {
  readonly fake: FakeGenesys;
  readonly redis: TestRedis;
  readonly registry: Registry;
  readonly keys: GenesysKeys;
  /** Every onRequest event of every client of this fixture. */
  readonly events: GenesysRequestEvent[];
  /** A new client on its own Redis connection (as another process would be). */
  client(overrides?: ClientOverrides): GenesysClient;
  close(): Promise<void>;
}

export async function startFixture(label: string): Promise<Fixture> {
  const fake = await FakeGenesys.start();
  const redis = await createTestRedis(label);
  const registry = new Registry();
  const metrics = createGenesysClientMetrics(registry);
  const clients: GenesysClient[] = [];
  const events: GenesysRequestEvent[] = [];
  return {
    fake,
    redis,
    registry,
    keys: genesysKeys(redis.prefix, ORG_ID),
    events,
    client(overrides: ClientOverrides = {}) {
      const client = createGenesysClient({
        org: {
          id: ORG_ID,
          apiBaseUrl: fake.url,
          loginBaseUrl: fake.url,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          requestsPerMinute: 6000,
          mode: 'live',
          ...overrides.org,
        },
        redis: redis.connect(),
        keyPrefix: redis.prefix,
        metrics,
        onRequest: (event) => events.push(event),
        ...overrides.options,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await fake.close();
      await redis.cleanup();
    },
  };
}

/** A trunk as docs/genesys-api.md describes it. */
export function trunkBody(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `Trunk ${id}`,
    state: 'active',
    trunkType: 'EXTERNAL',
    inService: true,
    enabled: true,
    connectedStatus: { connected: true, connectedStateTime: '2025-01-01T00:00:00Z' },
    registersStatus: [
      { proxyAddress: '10.0.0.1', registerState: true, registerStateTime: '2025-01-01T00:00:00Z' },
    ],
    optionsStatus: [{ proxyAddress: '10.0.0.1', optionState: true, optionStateTime: '2025-01-01T00:00:00Z' }],
    registersEnabledStatus: 'ENABLED',
    optionsEnabledStatus: 'ENABLED',
    selfUri: `/api/v2/telephony/providers/edges/trunks/${id}`,
    ...overrides,
  };
}

export const TRUNK_ROUTE = '/api/v2/telephony/providers/edges/trunks/{trunkId}';

/** Serves every trunk id with a healthy trunk. */
export function serveTrunks(fake: FakeGenesys): void {
  fake.on('GET', TRUNK_ROUTE, (request) => ({
    status: 200,
    body: trunkBody(request.path.split('/').pop() ?? ''),
  }));
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
