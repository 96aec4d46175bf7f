import { createLogger as createServiceLogger, type Logger } from '@wfm-sync/observability';

export type { Logger } from '@wfm-sync/observability';

/** The simulator's logger: the pipeline's (JSON lines, secrets and tokens redacted) with `service: gc-sim`. */
export function createLogger(options: { level?: string } = {}): Logger {
  return createServiceLogger({ service: 'gc-sim', level: options.level ?? 'info' });
}

/** A logger that drops everything, for a simulator embedded in tests. */
export function silentLogger(): Logger {
  return createServiceLogger({ service: 'gc-sim', level: 'silent', pretty: false });
}
