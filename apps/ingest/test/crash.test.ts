import { keyMember } from '@wfm-sync/domain';
import { PipelineNames, webhookIdKey } from '@wfm-sync/pipeline';
import { createTestRedis, type TestRedis, waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { capacityEvent } from './support/events.js';
import { WEBHOOK_PATH } from './support/ingest.js';
import { type IngestProcess, startIngestProcess } from './support/ingest-process.js';
import { newSecret, signedHeaders } from './support/signing.js';
import {
  expectUtilizationApplied,
  type SimulatedGenesys,
  startSimulatedGenesys,
  utilizationApplied,
} from './support/simulator.js';
import { keysUnder } from './support/snapshot.js';
import { agentOf } from './support/topology.js';
import { type InProcessWorker, startInProcessWorker } from './support/worker.js';

describe('crash of ingest between storing desired state and enqueuing', () => {
  let genesys: SimulatedGenesys | undefined;
  let redis: TestRedis | undefined;
  let ingest: IngestProcess | undefined;
  let worker: InProcessWorker | undefined;
  afterEach(async () => {
    await worker?.close();
    await ingest?.stop();
    await redis?.cleanup();
    await genesys?.sim.close();
    [worker, ingest, redis, genesys] = [undefined, undefined, undefined, undefined];
  });

  it('loses nothing: the sweeper enqueues the stored key and a worker applies it', async () => {
    genesys = await startSimulatedGenesys();
    redis = await createTestRedis('ingest-crash');
    const secret = newSecret();
    ingest = await startIngestProcess({
      redisUrl: redis.url,
      prefix: redis.prefix,
      topology: genesys.topology,
      secrets: [secret],
      env: { WFM_TEST_CRASH_AFTER_STORE: '1', SWEEP_AFTER_MS: '200' },
    });
    const agent = agentOf(genesys.topology, 0, 2);
    const event = capacityEvent(agent, 4, 1);
    const body = JSON.stringify(event);
    const headers = signedHeaders(secret, body);

    const delivery = fetch(`${ingest.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

    // The sender never gets an answer (so it will redeliver), and the process died by the test hook's SIGKILL.
    await expect(delivery).rejects.toThrow();
    expect(await ingest.exited, ingest.output()).toEqual({ code: null, signal: 'SIGKILL' });

    const names = new PipelineNames(redis.prefix);
    const orgKeys = names.org(agent.orgId);
    const desired = await redis.client.hget(orgKeys.state('agent', agent.agent.id), 'desired');
    expect(JSON.parse(desired ?? 'null')).toEqual(event.data);
    expect(
      await redis.client.zscore(orgKeys.due, keyMember({ kind: 'agent', id: agent.agent.id })),
    ).not.toBeNull();
    // Nothing reached BullMQ: the only queue keys are the `meta` keys its backlog sampling wrote at start.
    const queueKeys = await keysUnder(redis.client, names.queuePrefix);
    expect(queueKeys.filter((key) => !key.endsWith(':meta'))).toEqual([]);
    // The store marked the webhook-id done with the events (decision 036): a redelivery is a duplicate, and the
    // event reaches Genesys through the due set.
    const idKey = webhookIdKey(redis.prefix, headers['webhook-id']);
    expect(await redis.client.get(idKey)).toBe('done');

    worker = await startInProcessWorker({
      redisUrl: redis.url,
      prefix: redis.prefix,
      topology: genesys.topology.index,
      sweepEveryMs: 200,
    });
    await waitFor(() => utilizationApplied(genesys!, event), { what: 'the stored event applied in gc-sim' });
    expectUtilizationApplied(genesys, event);
  });
});
