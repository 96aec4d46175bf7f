import autocannon from 'autocannon';
import type { IngestPhase } from '../figures/types.js';
import type { SignedEventSource } from './signed-events.js';

export interface LoadPhaseOptions {
  url: string;
  source: SignedEventSource;
  eventsPerRequest: number;
  connections: number;
  durationS: number;
}

/**
 * One autocannon run of signed webhooks, as fast as the server answers; every request gets new events, a new id and a
 * new signature.
 */
export async function runLoadPhase(options: LoadPhaseOptions): Promise<IngestPhase> {
  const path = new URL(options.url).pathname;
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationS,
    requests: [
      {
        setupRequest: (request) => {
          const signed = options.source.request(options.eventsPerRequest);
          return { ...request, method: 'POST', path, body: signed.body, headers: signed.headers };
        },
      },
    ],
  });
  const ok = result['2xx'];
  return {
    requestsPerSecond: ok / result.duration,
    eventsPerSecond: (ok * options.eventsPerRequest) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    durationS: result.duration,
  };
}
