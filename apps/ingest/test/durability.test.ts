import { type PrivateRedis, startPrivateRedis, waitFor } from '@wfm-sync/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, type CapacityEvent, capacityEvent } from './support/events.js';
import { type IngestUnderTest, startIngest } from './support/ingest.js';
import {
  expectUtilizationApplied,
  type SimulatedGenesys,
  startSimulatedGenesys,
  utilizationApplied,
} from './support/simulator.js';
import { agentOf } from './support/topology.js';
import { type InProcessWorker, startInProcessWorker } from './support/worker.js';

describe('durability: a 202 survives a Redis crash', () => {
  let genesys: SimulatedGenesys | undefined;
  let redis: PrivateRedis | undefined;
  let ingest: IngestUnderTest | undefined;
  let worker: InProcessWorker | undefined;
  afterEach(async () => {
    await worker?.close();
    await ingest?.close();
    await redis?.stop();
    await genesys?.sim.close();
    [worker, ingest, redis, genesys] = [undefined, undefined, undefined, undefined];
  });

  it('applies in Genesys every accepted event after Redis (AOF) is killed and restarted before any worker ran', async () => {
    genesys = await startSimulatedGenesys();
    redis = await startPrivateRedis({ appendOnly: true });
    ingest = await startIngest({ redisUrl: redis.url, topology: genesys.topology });
    const topology = genesys.topology;
    const batch = [
      capacityEvent(agentOf(topology, 0, 0), 3, 1),
      capacityEvent(agentOf(topology, 0, 1), 0, 1),
      capacityEvent(agentOf(topology, 1, 0), 5, 1),
    ];
    const single = capacityEvent(agentOf(topology, 1, 1), 7, 1);
    const accepted: CapacityEvent[] = [...batch, single];
    expect((await ingest.deliver(bodyOf(batch))).statusCode).toBe(202);
    expect((await ingest.deliver(single)).statusCode).toBe(202);
    const enqueued = await ingest.enqueuedKeys();

    // SIGKILL: no shutdown save; only what Redis had appended (and fsynced) before answering survives.
    await redis.kill();
    await redis.restart();
    await waitFor(() => ingest!.connection.status === 'ready' && ingest!.queueConnection.status === 'ready', {
      what: 'ingest reconnected',
    });

    for (const event of accepted) {
      expect(await ingest.desiredAgent(event.orgId, event.data.userId)).toEqual(event.data);
    }
    expect(await ingest.enqueuedKeys()).toEqual(enqueued);

    worker = await startInProcessWorker({
      redisUrl: redis.url,
      prefix: ingest.prefix,
      topology: topology.index,
    });
    await waitFor(() => accepted.every((event) => utilizationApplied(genesys!, event)), {
      timeoutMs: 15_000,
      what: 'every accepted event applied in gc-sim',
    });
    for (const event of accepted) expectUtilizationApplied(genesys, event);
  });
});
