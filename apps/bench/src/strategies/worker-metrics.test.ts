import { describe, expect, it } from 'vitest';
import { residentMemoryOf } from './worker-metrics.js';

describe('residentMemoryOf', () => {
  it('reads process_resident_memory_bytes with or without labels', () => {
    const text = [
      '# HELP process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      'process_resident_memory_bytes{service="worker"} 104857600',
    ].join('\n');
    expect(residentMemoryOf(text)).toBe(104_857_600);
    expect(residentMemoryOf('process_resident_memory_bytes 42\n')).toBe(42);
    expect(residentMemoryOf('nodejs_heap_size_total_bytes 1\n')).toBeUndefined();
  });
});
