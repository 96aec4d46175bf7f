/**
 * Prints one change's trace: ingest, a worker and gc-sim in this process, one signed webhook, the exporter the
 * environment names (README, "Tracing"). Needs the test Redis.
 *   cd apps/ingest && OTEL_TRACES_EXPORTER=console node --conditions=source --import tsx test/support/print-one-trace.ts
 */
import { startTracing } from '@wfm-sync/observability';
import { testRedisUrl, waitFor } from '@wfm-sync/test-support';

const tracing = await startTracing({ service: 'wfm-sync' });
const { capacityEvent } = await import('./events.js');
const { startIngest } = await import('./ingest.js');
const { startSimulatedGenesys, utilizationApplied } = await import('./simulator.js');
const { agentOf } = await import('./topology.js');
const { startInProcessWorker } = await import('./worker.js');
const genesys = await startSimulatedGenesys();
const ingest = await startIngest({ topology: genesys.topology });
const worker = await startInProcessWorker({
  redisUrl: await testRedisUrl(),
  prefix: ingest.prefix,
  topology: genesys.topology.index,
});
const event = capacityEvent(agentOf(genesys.topology, 0, 0), 4, 1);
console.error('deliver', (await ingest.deliver(event)).statusCode);
await waitFor(() => utilizationApplied(genesys, event), { timeoutMs: 15_000 });
// The job's span ends after the PUT: close the worker (it finishes its jobs) before the exporter flushes.
await worker.close();
await ingest.close();
await genesys.sim.close();
await tracing.shutdown();
