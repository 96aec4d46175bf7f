import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureExportCosts } from './export-cost.js';

describe('what a sampled span costs at a steady rate, made and exported', () => {
  it('runs each configuration in a child process and exports every span of the exporting one to the sink', async () => {
    // The children run the built module (the test task builds first).
    const script = fileURLToPath(new URL('../../dist/ingest/export-cost.js', import.meta.url));
    const costs = await measureExportCosts({
      rate: 1_000,
      seconds: 0.5,
      rounds: 1,
      batchSizes: [16],
      script,
    });
    // 1 s of warm-up and 0.5 s measured at 1,000 spans/s, in export requests of at most 16 spans: the shutdown
    // flushes the rest. The children without an exporter send none (had they exported, thrice as many requests).
    expect(costs.sink.requests).toBeGreaterThanOrEqual(Math.ceil(1_500 / 16));
    expect(costs.sink.requests).toBeLessThan(2 * Math.ceil(1_500 / 16));
    expect(costs.sink.bytes).toBeGreaterThan(1_500 * 100);
    expect(costs.ticksUs).toBeGreaterThan(0);
    expect(costs.droppedUs).toBeGreaterThan(0);
    expect(costs.exported).toHaveLength(1);
    expect(costs.exported[0]!.cpuUsPerSpan).toBeGreaterThan(0);
    expect(costs.exported[0]!.loopMaxMs).toBeGreaterThan(0);
    // Node 22 has no per-thread CPU time: the figure is then absent, never made up.
    if ('threadCpuUsage' in process) expect(costs.exported[0]!.mainThreadUsPerSpan).toBeGreaterThan(0);
    else expect(costs.exported[0]!.mainThreadUsPerSpan).toBeUndefined();
  }, 30_000);
});
