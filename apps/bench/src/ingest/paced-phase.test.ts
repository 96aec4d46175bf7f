import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testEventSource } from '../../test/support/event-source.js';
import { runAlternatingPacedPhases, runPacedPhase } from './paced-phase.js';

describe('the paced open-loop sender', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  /** A server that answers 202 at once, except that it holds every answer due between 300 and 500 ms until 500 ms. */
  async function stallingServer(): Promise<{ url: string; received: () => number }> {
    let received = 0;
    let startedAt: number | undefined;
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        received++;
        startedAt ??= Date.now();
        const at = Date.now() - startedAt;
        const answer = () => res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
        if (at >= 300 && at < 500) setTimeout(answer, 500 - at);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/v1/webhooks/wfm`, received: () => received };
  }

  /** 200 requests/s over 4 connections; the server runs in this process, so its CPU time is this process's. */
  const pacedAt200 = (url: string, timing: { durationS: number; warmupS?: number }) =>
    runPacedPhase({
      url,
      source: testEventSource(),
      eventsPerRequest: 1,
      connections: 4,
      requestsPerSecond: 200,
      serverPid: process.pid,
      ...timing,
    });

  it('sends at the rate whatever the answers, and charges a stall to every request due during it', async () => {
    const { url, received } = await stallingServer();
    const phase = await pacedAt200(url, { durationS: 1 });
    expect(received()).toBe(200);
    expect(phase).toMatchObject({ requests: 200, non2xx: 0, errors: 0 });
    // 40 of 200 were due during the 200 ms stall; with 4 connections most of them could not even leave, and each
    // counts its wait from when it was due: the p99 is most of the stall, the median is not touched.
    expect(phase.p99Ms).toBeGreaterThan(150);
    expect(phase.p50Ms).toBeLessThan(50);
    // Its 200th request is due 199 intervals (0.995 s) after its first; the leg ends once that one is answered.
    expect(phase.durationS).toBeGreaterThanOrEqual(0.995);
    if (process.platform === 'linux') {
      expect(phase.serverCpuS).toBeGreaterThan(0);
      expect(phase.serverCpuS).toBeLessThan(phase.durationS * 2);
    }
  });

  it('alternates two servers in slices (A B B A), each pooling its own, a stall charged to the one it hit', async () => {
    const first = await stallingServer();
    const stalled = server;
    const second = await stallingServer();
    try {
      const [a, b] = await runAlternatingPacedPhases({
        urls: [first.url, second.url],
        source: testEventSource(),
        eventsPerRequest: 1,
        connections: 4,
        durationS: 1,
        requestsPerSecond: 200,
        sliceS: 0.25,
      });
      // Each got its 200 requests, in four slices of 50.
      expect(first.received()).toBe(200);
      expect(second.received()).toBe(200);
      expect(a).toMatchObject({ requests: 200, non2xx: 0, errors: 0 });
      expect(b).toMatchObject({ requests: 200, non2xx: 0, errors: 0 });
      // Slices A B B A, 250 ms each. The first server's stall (300–500 ms) fell while it was idle; the second's
      // (its own clock starts at 250 ms, so 550–750) fell in its second slice, which ran right after its first:
      // only the second carries a stall, and only because the order is A B B A, not A B A B.
      expect(a.p99Ms).toBeLessThan(50);
      expect(b.p99Ms).toBeGreaterThan(100);
    } finally {
      await new Promise((resolve) => stalled?.close(resolve));
    }
  });

  it('warms up at the rate over the same connections first, and counts only what follows (decision 035)', async () => {
    const { url, received } = await stallingServer();
    // The server holds the answers due between 300 and 500 ms after its first request: inside the warm-up.
    const phase = await pacedAt200(url, { durationS: 0.5, warmupS: 1 });
    expect(received()).toBe(300);
    expect(phase).toMatchObject({ requests: 100, non2xx: 0, errors: 0 });
    expect(phase.p99Ms).toBeLessThan(100);
    // The measured half second: its 100th request is due 99 intervals (0.495 s) after its first, and the leg ends
    // once that one is answered; the warm-up's second is not in it.
    expect(phase.durationS).toBeGreaterThanOrEqual(0.495);
    expect(phase.durationS).toBeLessThan(1);

    const first = server;
    const other = await stallingServer();
    try {
      const [a, b] = await runAlternatingPacedPhases({
        urls: [url, other.url],
        source: testEventSource(),
        eventsPerRequest: 1,
        connections: 4,
        durationS: 0.5,
        requestsPerSecond: 200,
        sliceS: 0.25,
        warmupS: 1,
      });
      // Each side: 200 warm-up requests in its own slices, then 100 measured; the second server's stall falls in
      // the warm-up and is not counted.
      expect(received() - 300).toBe(300);
      expect(other.received()).toBe(300);
      expect(a).toMatchObject({ requests: 100, non2xx: 0, errors: 0 });
      expect(b).toMatchObject({ requests: 100, non2xx: 0, errors: 0 });
      expect(b.p99Ms).toBeLessThan(100);
    } finally {
      await new Promise((resolve) => first?.close(resolve));
    }
  });

  it("compares one server with itself on two kinds of request: each side's own headers, a new value each time", async () => {
    const seen: (string | undefined)[] = [];
    server = createServer((req, res) => {
      seen.push(req.headers.traceparent as string | undefined);
      req.resume();
      req.on('end', () => res.writeHead(202).end());
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/wfm`;
    let n = 0;
    const flagged = (flags: string) => () => ({
      traceparent: `00-${String(++n).padStart(32, '0')}-${'1'.repeat(16)}-${flags}`,
    });
    const [sampled, unsampled] = await runAlternatingPacedPhases({
      urls: [url, url],
      source: testEventSource(),
      eventsPerRequest: 1,
      connections: 2,
      durationS: 0.4,
      requestsPerSecond: 100,
      sliceS: 0.1,
      serverPids: [process.pid, process.pid],
      extraHeaders: [flagged('01'), flagged('00')],
    });
    expect(sampled).toMatchObject({ requests: 40, non2xx: 0, errors: 0 });
    expect(unsampled).toMatchObject({ requests: 40, non2xx: 0, errors: 0 });
    expect(seen.filter((h) => h?.endsWith('-01'))).toHaveLength(40);
    expect(seen.filter((h) => h?.endsWith('-00'))).toHaveLength(40);
    expect(new Set(seen).size).toBe(80);
  });
});
