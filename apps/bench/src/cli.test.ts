import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './cli.js';
import { STRATEGY_NAMES } from './strategies/names.js';

describe('parseBenchArgs', () => {
  it('runs peak, publishing-window and ingest for every strategy by default', () => {
    expect(parseBenchArgs([])).toEqual({
      mode: 'full',
      scenarios: ['peak', 'publishing-window', 'ingest'],
      strategies: [...STRATEGY_NAMES],
      seed: 42,
    });
  });

  it('--quick keeps peak and ingest; --soak adds the soak', () => {
    expect(parseBenchArgs(['--quick'])?.scenarios).toEqual(['peak', 'ingest']);
    expect(parseBenchArgs(['--quick', '--soak'])?.scenarios).toEqual(['peak', 'ingest', 'soak']);
    expect(parseBenchArgs(['--quick'])?.mode).toBe('quick');
  });

  it('runs one scenario alone, for the strategies named', () => {
    expect(
      parseBenchArgs([
        '--scenario',
        'publishing-window',
        '--strategy',
        'wfm-sync, retry-backoff',
        '--seed',
        '7',
      ]),
    ).toMatchObject({ scenarios: ['publishing-window'], strategies: ['wfm-sync', 'retry-backoff'], seed: 7 });
  });

  it('refuses unknown scenarios, strategies and flags', () => {
    expect(() => parseBenchArgs(['--scenario', 'lunch'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--strategy', 'hope'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--seed', '-1'])).toThrow(UsageError);
  });

  it('answers --help with undefined', () => {
    expect(parseBenchArgs(['--help'])).toBeUndefined();
  });
});
