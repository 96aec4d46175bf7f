import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { IngestPhase } from '../figures/types.js';
import { percentile } from '../stats.js';
import { inAlternatingSlices } from './alternate.js';
import { ProcessCpuMeter } from './process-cpu.js';
import type { SignedEventSource } from './signed-events.js';

export interface PacedPhaseOptions {
  url: string;
  source: SignedEventSource;
  eventsPerRequest: number;
  /** Keep-alive connections at most; a request due while all are busy waits for one (and counts the wait). */
  connections: number;
  durationS: number;
  requestsPerSecond: number;
  /** The answering server's process: its CPU time over the phase is reported (`serverCpuS`). */
  serverPid?: number | undefined;
  /**
   * First this long at the same rate over the same connections, not measured: the figures are the steady state's,
   * not those of the seconds after the server was idle or saturated (decision 035).
   */
  warmupS?: number | undefined;
}

/** Headers a sender adds to each request of its own (a new `traceparent` per request, say). */
export type ExtraHeaders = () => Record<string, string>;

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
  const sender = new PacedSender(options.url, options.connections, options.serverPid);
  try {
    if (options.warmupS) await sender.warmUp({ ...options, durationS: options.warmupS });
    await sender.run(options);
    return sender.figures(options.eventsPerRequest);
  } finally {
    sender.close();
  }
}

export interface AlternatingPacedOptions extends Omit<PacedPhaseOptions, 'url' | 'serverPid'> {
  /** The two servers compared (issue 23: ingest with tracing off and on). */
  urls: readonly [string, string];
  /** Their processes, in the same order: each one's CPU time over its own slices is reported (`serverCpuS`). */
  serverPids?: readonly [number | undefined, number | undefined];
  /**
   * Headers of each side's requests besides the signed ones, in the same order. With the same url twice, one server
   * is compared with itself on two kinds of request (sampled and unsampled deliveries: decision 034).
   */
  extraHeaders?: readonly [ExtraHeaders | undefined, ExtraHeaders | undefined];
  /** Each server gets `durationS` in all, in slices this long. */
  sliceS: number;
}

/**
 * Two servers at the same paced rate, in alternating slices (A B B A A B …) instead of one leg after the other, each
 * keeping its own connections across its slices; each side's figures pool its slices. What drifts over seconds on a
 * shared machine (another process's GC, the machine getting busier) then falls on both sides alike, and a ratio of
 * their p99s is about the servers, not about which one ran while the machine was busy (BENCHMARKS.md, 2026-12-07).
 */
export async function runAlternatingPacedPhases(
  options: AlternatingPacedOptions,
): Promise<[IngestPhase, IngestPhase]> {
  const senders = options.urls.map(
    (url, i) => new PacedSender(url, options.connections, options.serverPids?.[i], options.extraHeaders?.[i]),
  ) as [PacedSender, PacedSender];
  try {
    // `seconds` per side in slices of about `sliceS`, each slice one `step` of one side.
    const inSlices = (seconds: number, step: (sender: PacedSender, durationS: number) => Promise<void>) => {
      const slices = Math.max(1, Math.round(seconds / options.sliceS));
      return inAlternatingSlices(senders, slices, (sender) => step(sender, seconds / slices));
    };
    if (options.warmupS)
      await inSlices(options.warmupS, (sender, durationS) => sender.warmUp({ ...options, durationS }));
    await inSlices(options.durationS, (sender, durationS) => sender.run({ ...options, durationS }));
    return [senders[0].figures(options.eventsPerRequest), senders[1].figures(options.eventsPerRequest)];
  } finally {
    for (const sender of senders) sender.close();
  }
}

/** One server's open-loop sender; its latencies and counts accumulate over every `run`. */
class PacedSender {
  private readonly target: URL;
  private readonly agent: Agent;
  private readonly latencies: number[] = [];
  private readonly cpu: ProcessCpuMeter;
  private requests = 0;
  private ok = 0;
  private non2xx = 0;
  private errors = 0;
  private durationS = 0;
  /** The run whose answers count; an answer after its drain ended is already counted as an error. */
  private activeRun = 0;
  /** Requests of the active run answered or failed so far. */
  private settledInRun = 0;

  constructor(
    url: string,
    connections: number,
    serverPid: number | undefined,
    private readonly extraHeaders?: ExtraHeaders,
  ) {
    this.target = new URL(url);
    this.cpu = new ProcessCpuMeter(serverPid);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  /** `durationS` of requests at `requestsPerSecond`, then waits for their answers (or DRAIN_TIMEOUT_MS). */
  run(options: Omit<PacedPhaseOptions, 'url' | 'connections' | 'serverPid'>): Promise<void> {
    return this.cpu.measure(() => this.send(options));
  }

  /** As `run`, but nothing of it counts: not its requests, answers, latencies, time or the server's CPU. */
  async warmUp(options: Omit<PacedPhaseOptions, 'url' | 'connections' | 'serverPid'>): Promise<void> {
    await this.send(options);
    this.latencies.length = 0;
    this.requests = 0;
    this.ok = 0;
    this.non2xx = 0;
    this.errors = 0;
    this.durationS = 0;
  }

  private async send(options: Omit<PacedPhaseOptions, 'url' | 'connections' | 'serverPid'>): Promise<void> {
    const intervalMs = 1000 / options.requestsPerSecond;
    const total = Math.round(options.requestsPerSecond * options.durationS);
    const runId = ++this.activeRun;
    this.settledInRun = 0;
    const startedAt = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      // Every millisecond (the timers' grain), send every request due by now, each stamped with its own due time.
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor((performance.now() - startedAt) / intervalMs) + 1);
        for (; sent < due; sent++) this.sendOne(options, startedAt + sent * intervalMs, runId);
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    const drainUntil = performance.now() + DRAIN_TIMEOUT_MS;
    while (this.settledInRun < total && performance.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 5));
    this.errors += total - this.settledInRun;
    this.activeRun++;
    this.durationS += (performance.now() - startedAt) / 1000;
    this.requests += total;
  }

  private sendOne(
    options: Pick<PacedPhaseOptions, 'source' | 'eventsPerRequest'>,
    dueAt: number,
    runId: number,
  ) {
    const signed = options.source.request(options.eventsPerRequest);
    let settled = false;
    const settle = () => {
      if (settled || runId !== this.activeRun) return false;
      settled = true;
      this.settledInRun++;
      return true;
    };
    const req = request(
      {
        agent: this.agent,
        host: this.target.hostname,
        port: this.target.port,
        path: this.target.pathname,
        method: 'POST',
        headers: {
          ...signed.headers,
          ...this.extraHeaders?.(),
          'content-length': Buffer.byteLength(signed.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (!settle()) return;
          this.latencies.push(performance.now() - dueAt);
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) this.ok++;
          else this.non2xx++;
        });
      },
    );
    req.on('error', () => {
      // Counted as an error only when it is not already counted as unanswered at the drain's end.
      if (settle()) this.errors++;
    });
    req.end(signed.body);
  }

  figures(eventsPerRequest: number): IngestPhase {
    const rounded = (p: number) => Math.round((percentile(this.latencies, p) ?? 0) * 10) / 10;
    return {
      requestsPerSecond: this.ok / this.durationS,
      eventsPerSecond: (this.ok * eventsPerRequest) / this.durationS,
      p50Ms: rounded(50),
      p99Ms: rounded(99),
      requests: this.requests,
      non2xx: this.non2xx,
      errors: this.errors,
      durationS: this.durationS,
      ...(this.cpu.seconds === undefined ? {} : { serverCpuS: this.cpu.seconds }),
      ...(this.cpu.mainThreadSeconds === undefined
        ? {}
        : { serverMainThreadCpuS: this.cpu.mainThreadSeconds }),
    };
  }

  close(): void {
    this.agent.destroy();
  }
}
