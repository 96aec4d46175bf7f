import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from './args.js';

describe('parseCli', () => {
  it('has defaults for everything', () => {
    expect(parseCli([], {})).toMatchObject({ port: 9300, host: '127.0.0.1', seed: 42, logLevel: 'info' });
  });

  it('reads flags over the environment', () => {
    const config = parseCli(['--orgs', '2', '--trunks', '15', '--agents', '500', '--rpm', '600'], {
      PORT: '9400',
      GC_SIM_RPM: '100',
      GC_SIM_SEED: '7',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      orgs: 2,
      trunks: 15,
      agents: 500,
      rpm: 600,
      port: 9400,
      seed: 7,
      logLevel: 'debug',
    });
  });

  it('returns undefined for --help', () => {
    expect(parseCli(['--help'], {})).toBeUndefined();
  });

  it('rejects unknown flags, bad numbers and contradictory layouts with a UsageError', () => {
    expect(() => parseCli(['--bogus'], {})).toThrow(UsageError);
    expect(() => parseCli(['--orgs', 'two'], {})).toThrow(/--orgs must be a number/);
    expect(() => parseCli(['--orgs', '0'], {})).toThrow(/at least 1/);
    expect(() => parseCli(['--port', '70000'], {})).toThrow(/65535/);
    expect(() => parseCli(['--fixture', 'f.json', '--orgs', '2'], {})).toThrow(/cannot be combined/);
    expect(() => parseCli([], { LOG_LEVEL: 'chatty' })).toThrow(UsageError);
    expect(() => parseCli(['extra'], {})).toThrow(UsageError);
  });
});
