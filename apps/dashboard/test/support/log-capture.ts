import { createLogger, type Logger } from '@wfm-sync/observability';

export interface CapturedLogs {
  logger: Logger;
  /** Every line logged so far, parsed. */
  lines: Record<string, unknown>[];
  /** Everything logged so far, as written. */
  text(): string;
}

/** A real pino logger (redaction and all) writing JSON lines into memory. */
export function captureLogs(level = 'info'): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger({
    service: 'dashboard',
    level,
    pretty: false,
    destination: { write: (line: string) => void raw.push(line) },
  });
  return {
    logger,
    get lines() {
      return raw.flatMap((chunk) =>
        chunk
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      );
    },
    text: () => raw.join(''),
  };
}
