import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { SignatureVerifier } from '@wfm-sync/local-stack/ingest';
import { Webhook } from 'standardwebhooks';
import { medianOf, roundsAndCalls, runTool } from './cpu-rounds.js';

/**
 * CPU time per signature verification, the `standardwebhooks` package (ingest's verifier before issue 23: one
 * `Webhook.verify` per configured secret) against ingest's `SignatureVerifier` (node:crypto), on the bench's own
 * request bodies (one event, a batch of 100). Measured with `process.cpuUsage`, so that other work on the machine
 * inflates it less than wall time; alternated, several rounds, median reported.
 *
 * `node apps/bench/dist/ingest/verify-cost.js [--rounds N] [--calls N]`
 */

type Verify = (body: string, headers: Record<string, string>) => boolean;

function packageVerifier(secrets: readonly string[]): Verify {
  const webhooks = secrets.map((secret) => new Webhook(secret));
  return (body, headers) =>
    webhooks.some((webhook) => {
      try {
        webhook.verify(body, headers, { jsonParse: false });
        return true;
      } catch {
        return false;
      }
    });
}

function eventBody(events: number): string {
  const event = (i: number) => ({
    id: `evt_load_${i}`,
    type: 'agent.capacity.updated',
    orgId: 'org-apac',
    occurredAt: '2026-12-06T12:00:00.000Z',
    sequence: i,
    data: {
      userId: `agent-${i}`,
      routingGroupId: 'rg-1',
      trunkId: 'trunk-1',
      available: true,
      utilization: {
        call: { maximumCapacity: 1 },
        chat: { maximumCapacity: 3 },
        email: { maximumCapacity: 1 },
      },
    },
  });
  return JSON.stringify(
    events === 1 ? event(0) : { events: Array.from({ length: events }, (_, i) => event(i)) },
  );
}

/** CPU microseconds per call of `verify` over `calls` calls; throws if a call does not accept. */
function cpuPerCall(verify: Verify, body: string, headers: Record<string, string>, calls: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++)
    if (!verify(body, headers)) throw new Error('a valid signature was refused');
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

function main(): void {
  const { rounds, calls } = roundsAndCalls(process.argv.slice(2), { rounds: 5, calls: 20_000 });
  const [signing, other] = [randomBytes(24), randomBytes(24)].map((b) => `whsec_${b.toString('base64')}`);
  if (!signing || !other) throw new Error('unreachable');
  const rows: string[] = [
    '| body | secrets configured | standardwebhooks µs CPU / verify | node:crypto µs CPU / verify | ratio |',
    '|---|---|---|---|---|',
  ];
  for (const events of [1, 100]) {
    const body = eventBody(events);
    const id = 'msg_2a1b';
    const now = new Date();
    const headers = {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': new Webhook(signing).sign(id, now, body),
    };
    // Rotation's worst case: the signing secret is the last one tried.
    for (const secrets of [[signing], [other, signing]]) {
      const before = packageVerifier(secrets);
      const after = new SignatureVerifier(secrets);
      const verifyAfter: Verify = (b, h) => after.verify(b, h);
      cpuPerCall(before, body, headers, calls / 10);
      cpuPerCall(verifyAfter, body, headers, calls / 10);
      const b: number[] = [];
      const a: number[] = [];
      for (let r = 0; r < rounds; r++) {
        b.push(cpuPerCall(before, body, headers, calls));
        a.push(cpuPerCall(verifyAfter, body, headers, calls));
      }
      const [mb, ma] = [medianOf(b), medianOf(a)];
      rows.push(
        `| ${events === 1 ? '1 event' : `${events} events`} (${body.length.toLocaleString('en-US')} bytes) | ${secrets.length} | ${mb.toFixed(1)} | ${ma.toFixed(1)} | ${(mb / ma).toFixed(1)}× |`,
      );
    }
  }
  process.stdout.write(
    `CPU time per verification, median of ${rounds} alternated rounds of ${calls.toLocaleString('en-US')} calls (Node ${process.version})\n\n${rows.join('\n')}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runTool(main);
