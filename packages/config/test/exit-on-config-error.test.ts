import { describe, expect, it } from 'vitest';
import { ConfigError, EXIT_CONFIG, exitOnConfigError, loadWorkerSettings } from '../src/index.js';

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function harness() {
  const written: string[] = [];
  const logged: { obj: object; msg: string }[] = [];
  return {
    written,
    logged,
    logger: { fatal: (obj: object, msg: string) => void logged.push({ obj, msg }) },
    io: {
      exit: (code: number): never => {
        throw new ExitCalled(code);
      },
      stderr: { write: (text: string) => written.push(text) },
    },
  };
}

describe('exitOnConfigError', () => {
  it('returns what the loader returns', () => {
    const { io } = harness();
    expect(exitOnConfigError(() => loadWorkerSettings({ REGION: 'all' }), undefined, io).REGION).toBe('all');
  });

  it('prints a ConfigError to stderr, logs it and exits 78', () => {
    const { io, logger, written, logged } = harness();
    const thrown = (() => {
      try {
        exitOnConfigError(() => loadWorkerSettings({}), logger, io);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toEqual(new ExitCalled(EXIT_CONFIG));
    expect(EXIT_CONFIG).toBe(78);
    expect(written.join('')).toBe(
      'Invalid configuration in environment:\n  - REGION: is required: a Genesys Cloud region or all\n',
    );
    expect(logged).toEqual([
      {
        obj: {
          source: 'environment',
          issues: [{ path: 'REGION', message: 'is required: a Genesys Cloud region or all' }],
        },
        msg: 'invalid configuration',
      },
    ]);
  });

  it('rethrows other errors untouched', () => {
    const { io, written } = harness();
    const bug = new TypeError('bug');
    expect(() =>
      exitOnConfigError(
        () => {
          throw bug;
        },
        undefined,
        io,
      ),
    ).toThrow(bug);
    expect(written).toEqual([]);
  });

  it('names itself ConfigError', () => {
    const error = new ConfigError('environment', []);
    expect(error.name).toBe('ConfigError');
    expect(error).toBeInstanceOf(Error);
  });
});
