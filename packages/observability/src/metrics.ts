import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface CreateMetricsRegistryOptions {
  /** Added as the `service` label of every metric. */
  service: string;
  /** Process and Node.js metrics (CPU, memory, event loop lag, GC). @defaultValue true */
  collectDefault?: boolean;
}

/**
 * prom-client default gauges named like counters (`_total`), which `promtool check metrics` rejects. Their per-type
 * twins (`nodejs_active_handles{type}`, …) carry the same numbers.
 */
const MISNAMED_DEFAULT_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/** One registry per process; every component registers into it through the factories below. */
export function createMetricsRegistry(options: CreateMetricsRegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.collectDefault ?? true) {
    collectDefaultMetrics({ register: registry });
    for (const name of MISNAMED_DEFAULT_GAUGES) registry.removeSingleMetric(name);
  }
  return registry;
}

export type MetricKind = 'counter' | 'gauge' | 'histogram';

const PREFIX = 'wfm_sync_';
const SNAKE_CASE = /^wfm_sync_[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const NON_SECOND_DURATION = /_(?:ms|millis|milliseconds|minutes|duration|latency)$/;
const LABEL_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Asserts our naming convention and returns the name: `wfm_sync_` prefix, snake_case, counters end
 * in `_total` (and only counters), durations are in seconds (`_seconds`). Throws on a violation so
 * a bad name fails the first test that creates the metric.
 */
export function metricName(name: string, kind?: MetricKind): string {
  const problem = namingProblem(name, kind);
  if (problem !== undefined) throw new Error(`metric name "${name}" ${problem}`);
  return name;
}

function namingProblem(name: string, kind: MetricKind | undefined): string | undefined {
  if (!name.startsWith(PREFIX)) return `must start with ${PREFIX}`;
  if (!SNAKE_CASE.test(name)) return 'must be lower snake_case (a-z, 0-9, single underscores)';
  if (NON_SECOND_DURATION.test(name.replace(/_total$/, '')))
    return 'must measure durations in seconds: end it in _seconds';
  if (kind === 'counter' && !name.endsWith('_total')) return 'is a counter and must end in _total';
  if (kind !== undefined && kind !== 'counter' && name.endsWith('_total'))
    return `is a ${kind}; only counters end in _total`;
  return undefined;
}

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** Buckets for `_seconds` histograms: from a fast Redis round trip to a slow schedule operation. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120,
];

export function counter<L extends string = never>(registry: Registry, options: MetricOptions<L>): Counter<L> {
  return (
    existing(registry, options, 'counter', Counter) ??
    new Counter<L>(configuration(registry, options, 'counter'))
  );
}

export function gauge<L extends string = never>(registry: Registry, options: MetricOptions<L>): Gauge<L> {
  return (
    existing(registry, options, 'gauge', Gauge) ?? new Gauge<L>(configuration(registry, options, 'gauge'))
  );
}

export function histogram<L extends string = never>(
  registry: Registry,
  options: MetricOptions<L>,
  buckets: readonly number[] = DEFAULT_DURATION_BUCKETS,
): Histogram<L> {
  return (
    existing(registry, options, 'histogram', Histogram) ??
    new Histogram<L>({ ...configuration(registry, options, 'histogram'), buckets: [...buckets] })
  );
}

function configuration<L extends string>(registry: Registry, options: MetricOptions<L>, kind: MetricKind) {
  const labelNames = options.labelNames ?? [];
  for (const label of labelNames) {
    if (!LABEL_NAME.test(label))
      throw new Error(`metric "${options.name}": label "${label}" must be lower snake_case`);
    if (label === 'service')
      throw new Error(`metric "${options.name}": "service" is a default label of the registry`);
  }
  return {
    name: metricName(options.name, kind),
    help: options.help,
    labelNames: [...labelNames],
    registers: [registry],
  };
}

/**
 * Components share one registry, so the second component asking for a metric gets the first one's
 * instance, provided it asks for the same kind and labels (anything else is two meanings for one name).
 */
function existing<M, L extends string>(
  registry: Registry,
  options: MetricOptions<L>,
  kind: MetricKind,
  type: abstract new (...args: never[]) => M,
): M | undefined {
  const metric = registry.getSingleMetric(options.name);
  if (metric === undefined) return undefined;
  if (!(metric instanceof type))
    throw new Error(`metric "${options.name}" is already registered, not as a ${kind}`);
  const registeredLabels: unknown = Reflect.get(metric, 'labelNames');
  const wanted = [...(options.labelNames ?? [])].sort();
  const registered = Array.isArray(registeredLabels) ? [...registeredLabels].sort() : [];
  if (wanted.join(',') !== registered.join(',')) {
    throw new Error(
      `metric "${options.name}" is already registered with labels [${registered.join(', ')}], not [${wanted.join(', ')}]`,
    );
  }
  return metric;
}

/** `wfm_sync_topology_reload_total{outcome}`: SIGHUP reloads of the topology file, applied or refused. */
export function topologyReloadCounter(registry: Registry): (outcome: 'applied' | 'refused') => void {
  const reloads = counter(registry, {
    name: 'wfm_sync_topology_reload_total',
    help: 'Topology reloads on SIGHUP by outcome: applied (the new file is in force) or refused (invalid file, the old topology stays).',
    labelNames: ['outcome'],
  });
  reloads.inc({ outcome: 'applied' }, 0);
  reloads.inc({ outcome: 'refused' }, 0);
  return (outcome) => reloads.inc({ outcome });
}
