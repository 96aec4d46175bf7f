import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from './cli.js';
import { STRATEGY_NAMES } from './strategies/names.js';

describe('parseBenchArgs', () => {
  it('runs peak, publishing-window, timeoff-schedules and ingest for every strategy by default', () => {
    expect(parseBenchArgs([])).toEqual({
      mode: 'full',
      scenarios: ['peak', 'publishing-window', 'timeoff-schedules', 'ingest'],
      strategies: [...STRATEGY_NAMES],
      seed: 42,
    });
  });

  it('--quick keeps peak, timeoff-schedules and ingest; --soak adds the soak', () => {
    expect(parseBenchArgs(['--quick'])?.scenarios).toEqual(['peak', 'timeoff-schedules', 'ingest']);
    expect(parseBenchArgs(['--quick', '--soak'])?.scenarios).toEqual([
      'peak',
      'timeoff-schedules',
      'ingest',
      'soak',
    ]);
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

  it('takes a budget for every org with --requests-per-minute', () => {
    expect(parseBenchArgs(['--requests-per-minute', '6000'])?.requestsPerMinute).toBe(6000);
    expect(() => parseBenchArgs(['--requests-per-minute', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--requests-per-minute', 'lots'])).toThrow(UsageError);
  });

  it('refuses unknown scenarios, strategies and flags', () => {
    expect(() => parseBenchArgs(['--scenario', 'lunch'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--strategy', 'hope'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--seed', '-1'])).toThrow(UsageError);
  });

  it("takes the ingest scenario's own flags", () => {
    expect(
      parseBenchArgs(['--scenario', 'ingest', '--rounds', '2', '--seconds', '5', '--tracing']),
    ).toMatchObject({ scenarios: ['ingest'], ingestRounds: 2, ingestSeconds: 5, ingestTracing: true });
    expect(parseBenchArgs(['--scenario', 'ingest'])?.ingestTracing).toBeUndefined();
    expect(() => parseBenchArgs(['--tracing', 'yes'])).toThrow(UsageError);
  });

  it('answers --help with undefined', () => {
    expect(parseBenchArgs(['--help'])).toBeUndefined();
  });
});
