import { Counter, Histogram, type Registry } from 'prom-client';

export type TokenFetchOutcome = 'ok' | 'rate-limited' | 'unauthorized' | 'error';

/** The client's Prometheus metrics; several clients (one per org) share one set through `org` labels. */
export interface GenesysClientMetrics {
  readonly requests: Counter<'org' | 'method' | 'route' | 'status'>;
  readonly requestDuration: Histogram<'org' | 'method' | 'route'>;
  readonly throttleWait: Histogram<'org'>;
  readonly rateLimited: Counter<'org'>;
  readonly writesRefused: Counter<'org' | 'reason'>;
  readonly tokenFetches: Counter<'org' | 'outcome'>;
}

/** Registers the metrics on `registry`, or returns the ones already registered under the same names. */
export function createGenesysClientMetrics(registry: Registry): GenesysClientMetrics {
  return {
    requests: counter(registry, {
      name: 'wfm_sync_genesys_requests_total',
      help: 'Requests sent to Genesys Cloud (API, token and upload), by route template and HTTP status (timeout/network when none came back).',
      labelNames: ['org', 'method', 'route', 'status'],
    }),
    requestDuration: histogram(registry, {
      name: 'wfm_sync_genesys_request_duration_seconds',
      help: 'Duration of requests to Genesys Cloud, from send to answer or failure.',
      labelNames: ['org', 'method', 'route'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    throttleWait: histogram(registry, {
      name: 'wfm_sync_genesys_throttle_wait_seconds',
      help: 'Time a request slept before sending because of the shared org budget or a 429 block.',
      labelNames: ['org'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15],
    }),
    rateLimited: counter(registry, {
      name: 'wfm_sync_genesys_rate_limited_total',
      help: 'Rate-limit answers from Genesys Cloud (429 from the API, 400 "rate limit exceeded" from the token endpoint).',
      labelNames: ['org'],
    }),
    writesRefused: counter(registry, {
      name: 'wfm_sync_genesys_writes_refused_total',
      help: 'State-changing calls refused before sending (dry-run org, or lease about to expire).',
      labelNames: ['org', 'reason'],
    }),
    tokenFetches: counter(registry, {
      name: 'wfm_sync_genesys_token_fetches_total',
      help: 'OAuth client-credentials token fetches, by outcome.',
      labelNames: ['org', 'outcome'],
    }),
  };
}

function counter<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: L[] },
): Counter<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Counter) return existing as Counter<L>;
  if (existing) throw new Error(`metric ${config.name} is already registered with another type`);
  return new Counter({ ...config, registers: [registry] });
}

function histogram<L extends string>(
  registry: Registry,
  config: { name: string; help: string; labelNames: L[]; buckets: number[] },
): Histogram<L> {
  const existing = registry.getSingleMetric(config.name);
  if (existing instanceof Histogram) return existing as Histogram<L>;
  if (existing) throw new Error(`metric ${config.name} is already registered with another type`);
  return new Histogram({ ...config, registers: [registry] });
}
