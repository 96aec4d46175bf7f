import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testEventSource } from '../../test/support/event-source.js';
import { runAlternatingLoadPhases } from './load-phase.js';

describe('the saturating load, alternated', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    servers.length = 0;
  });

  /** A server that answers 202 after `delayMs`, and stamps when each request arrived. */
  async function server(delayMs: number): Promise<{ url: string; arrivals: number[] }> {
    const arrivals: number[] = [];
    const created = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(performance.now());
        setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'), delayMs);
      });
    });
    servers.push(created);
    await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve));
    const { port } = created.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/v1/webhooks/wfm`, arrivals };
  }

  it('runs the two in turns (A B B A), each side pooling its slices', async () => {
    const fast = await server(0);
    const slow = await server(10);
    const [a, b] = await runAlternatingLoadPhases({
      urls: [fast.url, slow.url],
      source: testEventSource(),
      eventsPerRequest: 1,
      connections: 4,
      durationS: 2,
      // autocannon runs whole seconds (it stops at its next 1 s sample), so slices are seconds too.
      sliceS: 1,
    });
    // Each side's duration is the sum of its two slices, and its counts and latencies are its own.
    for (const side of [a, b]) {
      expect(side.durationS).toBeGreaterThanOrEqual(1.9);
      expect(side.durationS).toBeLessThan(3);
      expect(side).toMatchObject({ non2xx: 0, errors: 0 });
    }
    expect(b.p50Ms).toBeGreaterThanOrEqual(10);
    expect(a.p50Ms).toBeLessThan(10);
    // 4 connections, 10 ms an answer: at most ~400/s for the slow side; the fast one far more.
    expect(b.requestsPerSecond).toBeLessThan(450);
    expect(a.requestsPerSecond).toBeGreaterThan(b.requestsPerSecond * 2);
    // In turns, fast slow slow fast: the fast side got nothing while the slow one ran, and ran before and after it.
    const [firstSlow, lastSlow] = [slow.arrivals[0]!, slow.arrivals.at(-1)!];
    expect(lastSlow - firstSlow).toBeGreaterThan(1500);
    expect(fast.arrivals.filter((t) => t > firstSlow + 50 && t < lastSlow - 50)).toHaveLength(0);
    expect(fast.arrivals.some((t) => t < firstSlow)).toBe(true);
    expect(fast.arrivals.some((t) => t > lastSlow)).toBe(true);
  });
});
