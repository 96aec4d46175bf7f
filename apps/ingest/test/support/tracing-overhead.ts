/**
 * Ingest's cost of tracing (decision 027): signed single-event deliveries through the ingest app (inject, 64 at
 * once) against the test Redis, wall time and CPU per delivery. An OTLP sink on :4399 takes the exports.
 *   cd apps/ingest && N=3000 node --conditions=source --import tsx test/support/tracing-overhead.ts   # off
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4399 OTEL_TRACES_SAMPLER=parentbased_traceidratio \
 *     OTEL_TRACES_SAMPLER_ARG=0.1 N=3000 node --conditions=source --import tsx test/support/tracing-overhead.ts
 * Compare CPU per delivery (cpu=), not throughput, on a shared machine; alternate the runs.
 */
import { createServer } from 'node:http';
import { startTracing } from '@wfm-sync/observability';

const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((r) => sink.listen(4399, '127.0.0.1', r));
const tracing = await startTracing({ service: 'bench' });
const { capacityEvent } = await import('./events.js');
const { startIngest } = await import('./ingest.js');
const { agentOf, testTopology } = await import('./topology.js');
const ingest = await startIngest({ topology: testTopology(), maxInFlight: 1000 });
const N = Number(process.env.N ?? 4000);
const C = 64;
async function run(label: string, seqBase: number) {
  let next = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < N) {
        const i = next++;
        const agent = agentOf(ingest.topology, i % 2, i % 2);
        const r = await ingest.deliver(capacityEvent(agent, (i % 7) + 1, seqBase + i));
        if (r.statusCode !== 202) throw new Error(`status ${r.statusCode}`);
      }
    }),
  );
  const s = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / N;
  console.log(
    `${label}: ${N} deliveries in ${s.toFixed(2)} s = ${(N / s).toFixed(0)}/s cpu=${cpuUs.toFixed(0)}us`,
  );
}
await run('warm-up', 0);
for (let k = 1; k <= 3; k++) await run(`run ${k} (tracing ${tracing.enabled ? 'on' : 'off'})`, k * 1_000_000);
await ingest.close();
await tracing.shutdown();
sink.close();
