import { describe, expect, it } from 'vitest';
import { packageOf, summarizeProfile } from './cpu-profile-summary.js';

describe('CPU profile summary', () => {
  it('names the package a function comes from', () => {
    expect(packageOf('file:///r/node_modules/fast-sha256/sha256.js', 'hashBlocks')).toBe('fast-sha256');
    expect(packageOf('file:///r/node_modules/@fastify/ajv/x.js', 'f')).toBe('@fastify/ajv');
    expect(packageOf('file:///r/packages/pipeline/dist/queues.js', 'f')).toBe('@wfm-sync/pipeline');
    expect(packageOf('node:internal/crypto/hash', 'f')).toBe('node:internal');
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('adds self time per package and function, leaving idle out of the shares', () => {
    const frame = (id: number, functionName: string, url: string) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
    });
    const summary = summarizeProfile({
      nodes: [
        frame(1, '(idle)', ''),
        frame(2, 'hmac', 'file:///r/node_modules/fast-sha256/s.js'),
        frame(3, 'parse', 'file:///r/packages/domain/dist/p.js'),
      ],
      samples: [1, 2, 2, 3],
      timeDeltas: [5000, 3000, 3000, 2000],
      startTime: 0,
      endTime: 13_000,
    });
    expect(summary.busyMs).toBe(8);
    expect(summary.byPackage).toEqual([
      { name: 'fast-sha256', selfMs: 6, share: 0.75 },
      { name: '@wfm-sync/domain', selfMs: 2, share: 0.25 },
    ]);
  });
});
