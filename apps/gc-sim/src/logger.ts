import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** JSON-lines logger (the observability package will replace this when it is wired in). */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'gc-sim',
    level: options.level ?? 'info',
    redact: {
      paths: ['clientSecret', '*.clientSecret', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything, for a simulator embedded in tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
