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

  it("sets every org's notifications with --notifications, and nothing without it", () => {
    expect(parseBenchArgs(['--scenario', 'peak', '--notifications', 'off'])?.notifications).toBe('off');
    expect(parseBenchArgs(['--notifications', 'auto'])?.notifications).toBe('auto');
    expect(parseBenchArgs(['--scenario', 'peak'])?.notifications).toBeUndefined();
    expect(() => parseBenchArgs(['--notifications', 'sometimes'])).toThrow(UsageError);
  });

  it('takes the notification faults of issue 19 as one fault set, unset flags at no fault', () => {
    const options = parseBenchArgs([
      '--scenario',
      'peak',
      '--strategy',
      'wfm-sync',
      '--notif-drop',
      '0.05',
      '--notif-cut-every-s',
      '20',
      '--notif-socket-closing',
      '1',
    ]);
    expect(options?.notificationFaults).toEqual({ dropRate: 0.05, cutEveryS: 20, socketClosings: 1 });
    expect(parseBenchArgs(['--notif-socket-closing', '2'])?.notificationFaults).toEqual({
      dropRate: 0,
      cutEveryS: undefined,
      socketClosings: 2,
    });
    expect(parseBenchArgs([])?.notificationFaults).toBeUndefined();
  });

  it('refuses notification faults out of range', () => {
    for (const bad of [
      ['--notif-drop', '1.5'],
      ['--notif-drop', '-0.1'],
      ['--notif-drop', '5%'],
      ['--notif-cut-every-s', '0'],
      ['--notif-cut-every-s', 'often'],
      ['--notif-socket-closing', '1.5'],
      ['--notif-socket-closing', '-1'],
      ['--notif-drop'],
    ])
      expect(() => parseBenchArgs(bad), bad.join(' ')).toThrow(UsageError);
  });

  it('refuses notification flags that would change no run, saying why', () => {
    expect(() => parseBenchArgs(['--notifications', 'off', '--notif-drop', '0.05'])).toThrow(
      /need --notifications auto/,
    );
    expect(() => parseBenchArgs(['--strategy', 'retry-backoff', '--notifications', 'off'])).toThrow(
      /add wfm-sync to --strategy/,
    );
    expect(() => parseBenchArgs(['--scenario', 'ingest', '--notif-socket-closing', '1'])).toThrow(
      /ingest runs without workers/,
    );
    // A default run has scenarios with workers besides ingest: the flags apply there.
    expect(parseBenchArgs(['--notifications', 'off'])?.notifications).toBe('off');
  });

  it("takes the ingest scenario's own flags", () => {
    expect(
      parseBenchArgs(['--scenario', 'ingest', '--rounds', '2', '--seconds', '5', '--tracing']),
    ).toMatchObject({ scenarios: ['ingest'], ingestRounds: 2, ingestSeconds: 5, ingestTracing: true });
    expect(parseBenchArgs(['--scenario', 'ingest'])?.ingestTracing).toBeUndefined();
    expect(() => parseBenchArgs(['--tracing', 'yes'])).toThrow(UsageError);
    expect(
      parseBenchArgs(['--scenario', 'ingest', '--tracing', '--tracing-ratio', '0'])?.ingestTracingRatio,
    ).toBe(0);
    expect(parseBenchArgs(['--scenario', 'ingest', '--tracing'])?.ingestTracingRatio).toBeUndefined();
    expect(() => parseBenchArgs(['--scenario', 'ingest', '--tracing', '--tracing-ratio', '1.5'])).toThrow(
      /--tracing-ratio/,
    );
    expect(() => parseBenchArgs(['--scenario', 'ingest', '--tracing-ratio', '0.5'])).toThrow(/add --tracing/);
  });

  it('answers --help with undefined', () => {
    expect(parseBenchArgs(['--help'])).toBeUndefined();
  });
});
