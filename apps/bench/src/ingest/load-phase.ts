import autocannon from 'autocannon';
import type { IngestPhase } from '../figures/types.js';
import { inAlternatingSlices } from './alternate.js';
import type { SignedEventSource } from './signed-events.js';

export interface LoadPhaseOptions {
  url: string;
  source: SignedEventSource;
  eventsPerRequest: number;
  connections: number;
  durationS: number;
}

export interface AlternatingLoadOptions extends Omit<LoadPhaseOptions, 'url'> {
  /** The two servers compared (issue 23: ingest with tracing off and on). */
  urls: readonly [string, string];
  /** Each server gets `durationS` in all, in slices this long. */
  sliceS: number;
}

/**
 * `aggregateResult` pools runs made with `skipAggregateResult` (their latency histograms merged); the types of
 * @types/autocannon do not declare it.
 */
const aggregateResult = (
  autocannon as unknown as {
    aggregateResult(
      results: autocannon.Result[],
      opts: { url: string; connections: number },
    ): autocannon.Result;
  }
).aggregateResult;

/**
 * One autocannon run of signed webhooks, as fast as the server answers; every request gets new events, a new id and a
 * new signature.
 */
export async function runLoadPhase(options: LoadPhaseOptions): Promise<IngestPhase> {
  return phaseOf(await cannon(options, options.url, options.durationS, false), options.eventsPerRequest);
}

/**
 * Two servers as fast as they answer, in alternating slices (A B B A …) instead of one leg after the other; each
 * side's figures pool its slices (autocannon's `aggregateResult`: counts added, latency histograms merged, the
 * duration the sum of its slices'). A machine that gets busier or quieter during the leg then moves both sides.
 */
export async function runAlternatingLoadPhases(
  options: AlternatingLoadOptions,
): Promise<[IngestPhase, IngestPhase]> {
  const slices = Math.max(1, Math.round(options.durationS / options.sliceS));
  const sliceS = options.durationS / slices;
  const results = new Map<string, autocannon.Result[]>(options.urls.map((url) => [url, []]));
  await inAlternatingSlices(options.urls, slices, async (url) => {
    results.get(url)!.push(await cannon(options, url, sliceS, true));
  });
  const pooled = (url: string) => {
    const runs = results.get(url)!;
    const result = aggregateResult(runs, { url, connections: options.connections });
    return { ...result, duration: runs.reduce((sum, run) => sum + run.duration, 0) };
  };
  return [
    phaseOf(pooled(options.urls[0]), options.eventsPerRequest),
    phaseOf(pooled(options.urls[1]), options.eventsPerRequest),
  ];
}

function cannon(
  options: Pick<LoadPhaseOptions, 'source' | 'eventsPerRequest' | 'connections'>,
  url: string,
  durationS: number,
  skipAggregateResult: boolean,
): Promise<autocannon.Result> {
  const path = new URL(url).pathname;
  return autocannon({
    url,
    method: 'POST',
    connections: options.connections,
    duration: durationS,
    skipAggregateResult,
    requests: [
      {
        setupRequest: (request) => {
          const signed = options.source.request(options.eventsPerRequest);
          return { ...request, method: 'POST', path, body: signed.body, headers: signed.headers };
        },
      },
    ],
  });
}

function phaseOf(result: autocannon.Result, eventsPerRequest: number): IngestPhase {
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    eventsPerSecond: (ok * eventsPerRequest) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
  };
}
