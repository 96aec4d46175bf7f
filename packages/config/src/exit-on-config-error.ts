import { ConfigError } from './config-error.js';

/** EX_CONFIG from sysexits.h: a supervisor can tell "fix the configuration" from a crash. */
export const EXIT_CONFIG = 78;

export interface FatalLogger {
  fatal(obj: object, msg: string): void;
}

export interface ExitOnConfigErrorIo {
  /** @defaultValue process.exit */
  exit?: (code: number) => never;
  /** @defaultValue process.stderr */
  stderr?: { write(text: string): unknown };
}

/**
 * For mains: runs `load`; on a ConfigError prints its message to stderr (and logs it when a logger
 * is given) and exits with 78. Any other error is rethrown: it is a bug, not a configuration problem.
 */
export function exitOnConfigError<T>(load: () => T, logger?: FatalLogger, io: ExitOnConfigErrorIo = {}): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const { exit = process.exit, stderr = process.stderr } = io;
    logger?.fatal({ source: error.source, issues: error.issues }, 'invalid configuration');
    stderr.write(`${error.message}\n`);
    return exit(EXIT_CONFIG);
  }
}
