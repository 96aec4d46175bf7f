import { describe, expect, it } from 'vitest';
import { counter, createMetricsRegistry, gauge, histogram, metricName } from './metrics.js';

describe('metricName', () => {
  it.each([
    ['wfm_sync_jobs_completed_total', 'counter'],
    ['wfm_sync_genesys_request_duration_seconds', 'histogram'],
    ['wfm_sync_queue_depth', 'gauge'],
    ['wfm_sync_queue_depth', undefined],
  ] as const)('accepts %s as %s', (name, kind) => {
    expect(metricName(name, kind)).toBe(name);
  });

  it.each([
    ['jobs_completed_total', 'counter', /must start with wfm_sync_/],
    ['wfm_sync_JobsCompleted_total', 'counter', /snake_case/],
    ['wfm_sync_jobs__completed_total', 'counter', /snake_case/],
    ['wfm_sync_jobs_completed', 'counter', /must end in _total/],
    ['wfm_sync_queue_depth_total', 'gauge', /only counters end in _total/],
    ['wfm_sync_request_duration_seconds_total', 'histogram', /only counters end in _total/],
    ['wfm_sync_request_duration_ms', 'histogram', /durations in seconds/],
    ['wfm_sync_request_latency', 'histogram', /durations in seconds/],
    ['wfm_sync_request_milliseconds_total', 'counter', /durations in seconds/],
  ] as const)('rejects %s as %s', (name, kind, problem) => {
    expect(() => metricName(name, kind)).toThrow(problem);
  });
});

describe('metric factories', () => {
  it('create metrics with the service label and reuse them by name', async () => {
    const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
    const first = counter(registry, {
      name: 'wfm_sync_jobs_total',
      help: 'Jobs processed.',
      labelNames: ['outcome'],
    });
    const second = counter(registry, {
      name: 'wfm_sync_jobs_total',
      help: 'Jobs processed.',
      labelNames: ['outcome'],
    });
    expect(second).toBe(first);
    first.inc({ outcome: 'applied' });
    second.inc({ outcome: 'applied' });
    gauge(registry, { name: 'wfm_sync_queue_depth', help: 'Waiting jobs.' }).set(3);
    histogram(registry, { name: 'wfm_sync_job_duration_seconds', help: 'Job time.' }, [0.1, 1]).observe(0.5);

    const text = await registry.metrics();
    expect(text).toContain('wfm_sync_jobs_total{outcome="applied",service="worker"} 2');
    expect(text).toContain('wfm_sync_queue_depth{service="worker"} 3');
    expect(text).toContain('wfm_sync_job_duration_seconds_bucket{le="1",service="worker"} 1');
  });

  it('refuse a second meaning for a name', () => {
    const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
    counter(registry, { name: 'wfm_sync_jobs_total', help: 'Jobs.', labelNames: ['outcome'] });
    expect(() =>
      counter(registry, { name: 'wfm_sync_jobs_total', help: 'Jobs.', labelNames: ['queue'] }),
    ).toThrow(/already registered with labels \[outcome\], not \[queue\]/);
    gauge(registry, { name: 'wfm_sync_depth', help: 'Depth.' });
    expect(() => histogram(registry, { name: 'wfm_sync_depth', help: 'Depth.' })).toThrow(
      /not as a histogram/,
    );
  });

  it('apply the naming rule and reserve the service label', () => {
    const registry = createMetricsRegistry({ service: 'worker', collectDefault: false });
    expect(() => counter(registry, { name: 'wfm_sync_jobs', help: 'Jobs.' })).toThrow(/_total/);
    expect(() => gauge(registry, { name: 'wfm_sync_x', help: 'X.', labelNames: ['service'] })).toThrow(
      /default label/,
    );
    expect(() => gauge(registry, { name: 'wfm_sync_x', help: 'X.', labelNames: ['Org'] })).toThrow(
      /snake_case/,
    );
  });

  it('collect default process metrics unless asked not to', async () => {
    const registry = createMetricsRegistry({ service: 'ingest' });
    expect(await registry.metrics()).toMatch(/process_cpu_user_seconds_total\{service="ingest"\}/);
  });
});
