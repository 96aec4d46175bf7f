import { createMetricsRegistry } from '@wfm-sync/observability';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Simulator } from '../simulator.js';

export interface SimMetrics {
  readonly registry: Registry;
  observeRequest(labels: { route: string; method: string; status: number }, durationS: number): void;
  faultInjected(kind: string): void;
}

/** One registry per server (never the global one), so several simulators can live in one test process. */
export function createSimMetrics(sim: Simulator): SimMetrics {
  const registry = createMetricsRegistry({ service: 'gc-sim' });
  const requests = new Counter({
    name: 'gc_sim_http_requests_total',
    help: 'Requests answered by the simulator, by route template, method and status (0: no answer).',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gc_sim_http_request_duration_seconds',
    help: 'Time from arrival to the end of the connection, injected latency included.',
    labelNames: ['route', 'method'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const faults = new Counter({
    name: 'gc_sim_faults_injected_total',
    help: 'Faults injected on purpose, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const violations = new Counter({
    name: 'gc_sim_violations_total',
    help: 'Client misuse noticed by the simulator, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'gc_sim_trunks_unhealthy',
    help: 'Trunks currently degraded or offline.',
    labelNames: ['org'] as const,
    registers: [registry],
    collect() {
      for (const { id } of sim.fixture.orgs) {
        const org = sim.engine.org(id);
        this.set({ org: id }, org ? org.trunks.list().filter((t) => t.health !== 'healthy').length : 0);
      }
    },
  });
  sim.engine.violations.onViolation((entry) => violations.inc({ kind: entry.kind }));
  return {
    registry,
    observeRequest(labels, durationS) {
      requests.inc({ route: labels.route, method: labels.method, status: String(labels.status) });
      duration.observe({ route: labels.route, method: labels.method }, durationS);
    },
    faultInjected: (kind) => faults.inc({ kind }),
  };
}
