import { createLogger, createMetricsRegistry, type Logger } from '@wfm-sync/observability';
import {
  createPipelineMetrics,
  EventRecorder,
  jobCatalog,
  PipelineNames,
  QueueRegistry,
  queuesOfRegion,
} from '@wfm-sync/pipeline';
import { createRedisConnection, type RedisConnection, waitUntilReady } from '@wfm-sync/redis-kit';
import { createTestRedis, uniquePrefix } from '@wfm-sync/test-support';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import type { DeliveryLogOptions } from '../../src/delivery-log.js';
import { BacklogMonitor, createIngestServer, queuesByOrg, SignatureVerifier } from '../../src/index.js';
import { newSecret, type SignOptions, signedHeaders, type WebhookHeaders } from './signing.js';
import { keysUnder, snapshotUnder } from './snapshot.js';
import { type TestTopology, testTopology } from './topology.js';

export const WEBHOOK_PATH = '/v1/webhooks/wfm';

export function testLogger(): Logger {
  return createLogger({
    service: 'ingest-test',
    level: process.env.TEST_LOG_LEVEL ?? 'silent',
    pretty: false,
  });
}

export interface StartIngestOptions {
  /** A Redis of the test's own (a private redis-server it may kill); default: the shared test Redis. */
  redisUrl?: string;
  topology?: TestTopology;
  /** WEBHOOK_SECRETS. @defaultValue one fresh secret */
  secrets?: string[];
  bodyLimitBytes?: number;
  /** Waiting jobs per region above which webhooks get 503; sampled only when the test calls `backlog.sample()`. */
  backlogLimit?: number;
  /** INGEST_REDIS_TIMEOUT_MS: the producer connection's command timeout and each webhook's Redis time. */
  redisTimeoutMs?: number;
  /** INGEST_MAX_IN_FLIGHT. */
  maxInFlight?: number;
  /** The app's logger. @defaultValue a silent one (TEST_LOG_LEVEL to see it) */
  logger?: Logger;
  /** Refusal log sampling (clock, window flush) for the logging tests. */
  deliveryLog?: DeliveryLogOptions;
}

export interface DeliveryOptions extends SignOptions {
  /** @defaultValue the first configured secret */
  secret?: string;
  /** Rewrites the signed headers (to drop or tamper with one). */
  headers?: (signed: WebhookHeaders) => Record<string, string>;
}

/** The ingest app wired as main.ts wires it, on a key prefix of its own, driven with `inject`. */
export interface IngestUnderTest {
  app: FastifyInstance;
  topology: TestTopology;
  secrets: readonly string[];
  prefix: string;
  /** The producer connection of the webhook-id claims, store scripts and done marks (auto-pipelined). */
  connection: RedisConnection;
  /** BullMQ's connection (enqueue, backlog sampling). */
  queueConnection: RedisConnection;
  backlog: BacklogMonitor;
  /** Signs (unless told otherwise) and posts `body`; a string is sent as is, anything else as JSON. */
  deliver(body: unknown, options?: DeliveryOptions): Promise<LightMyRequestResponse>;
  /** Every key under the test prefix, sorted. */
  keys(): Promise<string[]>;
  /** Every key under the test prefix with its content: equal snapshots mean nothing changed. */
  snapshot(): Promise<Record<string, unknown>>;
  /** The `orgId/kind:id` of every job in any state, over every queue of the topology, sorted. */
  enqueuedKeys(): Promise<string[]>;
  /** The desired state stored for an agent, parsed; undefined when none is stored. */
  desiredAgent(orgId: string, userId: string): Promise<unknown>;
  close(): Promise<void>;
}

interface Namespace {
  url: string;
  prefix: string;
  client: Redis;
  cleanup(): Promise<void>;
}

async function namespaceOn(redisUrl: string | undefined): Promise<Namespace> {
  if (redisUrl === undefined) return createTestRedis('ingest');
  // A private Redis dies with its test: cleaning up is stopping it, so only the client is closed here.
  const client = new Redis(redisUrl, { maxRetriesPerRequest: null, protocol: 2 });
  return { url: redisUrl, prefix: uniquePrefix('ingest'), client, cleanup: async () => client.disconnect() };
}

export async function startIngest(options: StartIngestOptions = {}): Promise<IngestUnderTest> {
  const topology = options.topology ?? testTopology();
  const secrets = options.secrets ?? [newSecret()];
  const namespace = await namespaceOn(options.redisUrl);
  const logger = options.logger ?? testLogger();
  const connection = createRedisConnection({
    url: namespace.url,
    role: 'producer',
    connectionName: 'ingest-test',
    commandTimeoutMs: options.redisTimeoutMs ?? 2_000,
    autoPipelining: true,
  });
  connection.on('error', (error) => logger.debug({ err: error }, 'redis connection error'));
  // As in main.ts: BullMQ on its own connection, off the auto-pipelined one.
  const queueConnection = createRedisConnection({
    url: namespace.url,
    role: 'producer',
    connectionName: 'ingest-test-queues',
    commandTimeoutMs: options.redisTimeoutMs ?? 2_000,
  });
  queueConnection.on('error', (error) => logger.debug({ err: error }, 'redis connection error (queues)'));
  await Promise.all([waitUntilReady(connection), waitUntilReady(queueConnection)]);

  const names = new PipelineNames(namespace.prefix);
  const queues = new QueueRegistry(queueConnection, names);
  const regions = queuesOfRegion(topology.index, 'all');
  const backlog = new BacklogMonitor(queues, queuesByOrg(regions), options.backlogLimit ?? 100_000);
  const registry = createMetricsRegistry({ service: 'ingest', collectDefault: false });
  const app = createIngestServer({
    redis: connection,
    prefix: namespace.prefix,
    verifier: new SignatureVerifier(secrets),
    recorder: new EventRecorder({
      redis: connection,
      names,
      topology: topology.index,
      queues,
      sweepAfterMs: 60_000,
    }),
    logger,
    topology: topology.index,
    registry,
    pipelineMetrics: createPipelineMetrics(registry),
    bodyLimitBytes: options.bodyLimitBytes,
    redisTimeoutMs: options.redisTimeoutMs,
    maxInFlight: options.maxInFlight,
    deliveryLog: options.deliveryLog,
    webhookIdTtlS: 3_600,
    regionOverLimit: (orgId) => backlog.overLimit(orgId),
  });
  await app.ready();

  return {
    app,
    topology,
    secrets,
    prefix: namespace.prefix,
    connection,
    queueConnection,
    backlog,
    deliver: async (body, delivery = {}) => {
      const payload = typeof body === 'string' ? body : JSON.stringify(body);
      const signed = signedHeaders(delivery.secret ?? secrets[0]!, payload, delivery);
      const headers = delivery.headers ? delivery.headers(signed) : signed;
      return app.inject({
        method: 'POST',
        url: WEBHOOK_PATH,
        headers: { 'content-type': 'application/json', ...headers },
        payload,
      });
    },
    keys: () => keysUnder(namespace.client, namespace.prefix),
    snapshot: () => snapshotUnder(namespace.client, namespace.prefix),
    enqueuedKeys: async () => {
      const found: string[] = [];
      for (const name of regions.flatMap((r) => r.queues)) {
        for (const job of await queues.get(name).getJobs()) {
          const data = jobCatalog.reconcile.parse(job.data);
          found.push(`${data.orgId}/${data.kind}:${data.id}`);
        }
      }
      return found.sort();
    },
    desiredAgent: async (orgId, userId) => {
      const json = await namespace.client.hget(names.org(orgId).state('agent', userId), 'desired');
      return json === null ? undefined : JSON.parse(json);
    },
    close: async () => {
      await app.close();
      backlog.stop();
      await queues.close();
      connection.disconnect();
      queueConnection.disconnect();
      await namespace.cleanup();
    },
  };
}
