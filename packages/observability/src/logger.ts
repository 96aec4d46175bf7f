import { Writable } from 'node:stream';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import { errorSerializer, REDACTED, redactPaths, redactSecrets } from './redaction.js';
import { traceFields } from './trace-fields.js';

export type Logger = pino.Logger;

export interface CreateLoggerOptions {
  /** Becomes the `service` field of every line. */
  service: string;
  /** A pino level. @defaultValue 'info' */
  level?: string;
  /** Human-readable lines. @defaultValue true when stdout is a terminal and CI is not set */
  pretty?: boolean;
  /** Where lines go. @defaultValue stdout */
  destination?: pino.DestinationStream;
}

/** A pino logger with secrets redacted at any depth and Redis command arguments dropped (see redaction.ts): JSON lines, or pretty lines in a terminal. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const usePretty = options.pretty ?? (process.stdout.isTTY === true && !isCi(process.env));
  const loggerOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A walk of every logged object rather than pino's `redact` paths: those name fixed depths, and a
    // secret nested one level deeper than foreseen would be printed.
    formatters: { log: redactSecrets, bindings: redactSecrets },
    // Child bindings skip the formatters: fixed paths cover them (bindings are flat: org, key, job).
    redact: { paths: redactPaths(), censor: REDACTED },
    serializers: { err: errorSerializer, error: errorSerializer },
    // trace_id and span_id of the active span, on every line written inside one (nothing when tracing is off).
    mixin: traceFields,
  };
  // Pretty printing runs in-process (no transport worker), so nothing is lost on process.exit.
  const destination = usePretty
    ? pretty({
        destination: options.destination === undefined ? 1 : asWritable(options.destination),
        sync: true,
        // On stdout pino-pretty decides by terminal support; a captured destination gets plain text.
        ...(options.destination === undefined ? {} : { colorize: false }),
      })
    : options.destination;
  return destination === undefined ? pino(loggerOptions) : pino(loggerOptions, destination);
}

export interface LogBindings {
  org?: string;
  key?: string;
  job?: string;
  [binding: string]: unknown;
}

/** A child logger whose lines carry the given context (org, key, job...). */
export function childLogger(logger: Logger, bindings: LogBindings): Logger {
  return logger.child(bindings);
}

/** pino-pretty pipes into its destination, which therefore must be a real stream. */
function asWritable(destination: pino.DestinationStream): Writable {
  if (destination instanceof Writable) return destination;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      destination.write(chunk.toString());
      callback();
    },
  });
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
