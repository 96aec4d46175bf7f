import { Writable } from 'node:stream';
import { pino } from 'pino';
import pretty from 'pino-pretty';
import { errorSerializer, redactSecrets, redactValues } from './redaction.js';
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
    // secret nested one level deeper than foreseen would be printed. Child bindings are walked the same way
    // (withRedactedChildren). No `redact` option at all: @pinojs/redact parses each of its paths again for every
    // value it is given, and with wildcard paths that is every field of every line and every child's bindings
    // (ingest's per-request child made it 9% of ingest's CPU; decision 028).
    formatters: { log: redactSecrets, bindings: redactSecrets },
    // Values interpolated into a message (`%o`, `%j`) are walked too; a call without any costs a length check.
    hooks: {
      logMethod(args, method) {
        if (args.length > 1) redactValues(args, typeof args[0] === 'string' ? 1 : 2);
        return method.apply(this, args);
      },
    },
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
  return withRedactedChildren(
    destination === undefined ? pino(loggerOptions) : pino(loggerOptions, destination),
  );
}

/**
 * pino gives a child's bindings to no formatter (it resets `formatters.bindings` for children), so they are
 * redacted here before pino sees them. Children are `Object.create(parent)`, so every descendant inherits these.
 */
function withRedactedChildren(logger: Logger): Logger {
  const { child, setBindings } = logger;
  // Reflect.apply, not `child.call`: with `call`, TypeScript infers pino's generic child type from `this`, and
  // whether that checks depends on the program it is compiled in (the CLI's failed).
  const redactingChild = function (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) {
    return Reflect.apply(child, this, [redactSecrets(bindings), options]) as Logger;
  };
  logger.child = redactingChild as unknown as Logger['child'];
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactSecrets(bindings));
  };
  return logger;
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
