import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { IngestPhase } from '../figures/types.js';
import { percentile } from '../stats.js';
import type { SignedEventSource } from './signed-events.js';

export interface PacedPhaseOptions {
  url: string;
  source: SignedEventSource;
  eventsPerRequest: number;
  /** Keep-alive connections at most; a request due while all are busy waits for one (and counts the wait). */
  connections: number;
  durationS: number;
  requestsPerSecond: number;
}

/** How long the requests still in flight after the last one was due may take before they count as errors. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Signed webhooks at a steady rate, open loop: request i is due at start + i / rate whatever the answers before
 * it did, and its latency counts from when it was due, not from when it left, so a server that stalls is charged
 * for every request due meanwhile (no coordinated omission).
 *
 * Why not autocannon's `overallRate`: it lets each connection send its share of a second back to back as the
 * second starts (at 1,000/s over 32 connections, a burst at full speed, then silence), and it corrects for
 * coordinated omission with an expected interval of `ceil(1 / rate)` = 1 ms whatever the rate, so one 30 ms answer
 * adds 30 samples. Its p99 at 1,000/s is the burst's, amplified: on a quiet machine it swung from 8 to 17 ms for
 * the bare handler and from 17 to 36 ms for ingest between rounds of one run.
 */
export async function runPacedPhase(options: PacedPhaseOptions): Promise<IngestPhase> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const intervalMs = 1000 / options.requestsPerSecond;
  const total = Math.round(options.requestsPerSecond * options.durationS);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let answered = 0;

  const send = (dueAt: number) => {
    const signed = options.source.request(options.eventsPerRequest);
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { ...signed.headers, 'content-length': Buffer.byteLength(signed.body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - dueAt);
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok++;
          else non2xx++;
          answered++;
        });
      },
    );
    req.on('error', () => {
      errors++;
      answered++;
    });
    req.end(signed.body);
  };

  const startedAt = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    // Every millisecond (the timers' grain), send every request due by now, each stamped with its own due time.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor((performance.now() - startedAt) / intervalMs) + 1);
      for (; sent < due; sent++) send(startedAt + sent * intervalMs);
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const drainUntil = performance.now() + DRAIN_TIMEOUT_MS;
  while (answered < total && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 5));
  const durationS = (performance.now() - startedAt) / 1000;
  agent.destroy();
  errors += total - answered;

  const rounded = (p: number) => Math.round((percentile(latencies, p) ?? 0) * 10) / 10;
  return {
    requestsPerSecond: ok / durationS,
    eventsPerSecond: (ok * options.eventsPerRequest) / durationS,
    p50Ms: rounded(50),
    p99Ms: rounded(99),
    requests: total,
    non2xx,
    errors,
    durationS,
  };
}
