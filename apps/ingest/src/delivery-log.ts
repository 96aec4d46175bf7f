import type { FastifyBaseLogger } from 'fastify';
import { LogSampler } from './log-sampler.js';
import { escapedForLog } from './request-id.js';

export interface DeliveryLogOptions {
  /** Refusal lines per status and second; the rest are counted in one summary line. @defaultValue 10 */
  refusalLinesPerSecond?: number;
  /** For tests. @defaultValue Date.now */
  now?: () => number;
  /** For tests: runs a window's summary. @defaultValue an unref'd setTimeout */
  schedule?: (flush: () => void, ms: number) => void;
}

const HANDLER_KEY = 'handler';

/**
 * One log line per answered delivery, on the request's logger (its `reqId` is the escaped `webhook-id`).
 * Refusals carry the status and the contract's error code as `reason`, plus what an operator needs to find the
 * cause (issue count and first path, first unknown reference, Retry-After) — never the body, headers or secrets.
 * Refusals are sampled per status; metrics are counted by the caller, before, and never sampled.
 */
export class DeliveryLog {
  private readonly sampler: LogSampler;

  constructor(logger: FastifyBaseLogger, options: DeliveryLogOptions = {}) {
    this.sampler = new LogSampler({
      linesPerWindow: options.refusalLinesPerSecond ?? 10,
      windowMs: 1000,
      now: options.now,
      schedule: options.schedule,
      onSuppressed: (key, suppressed) =>
        key === HANDLER_KEY
          ? logger.warn({ suppressed }, 'webhook handler warnings left out of the log this second')
          : logger.warn(
              { status: Number(key), suppressed },
              'webhook refusals left out of the log this second (every one is counted in wfm_sync_webhook_requests_total)',
            ),
    });
  }

  /**
   * `log` for the webhook handler: its warnings and errors (Redis unreachable, recording failed: one per delivery
   * while it lasts) share one budget of lines per second, so an outage does not flood the log either.
   */
  forHandler(log: FastifyBaseLogger): FastifyBaseLogger {
    const sampler = this.sampler;
    return new Proxy(log, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if ((property !== 'warn' && property !== 'error') || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (sampler.take(HANDLER_KEY)) Reflect.apply(value, target, args);
        };
      },
    });
  }

  /** A 2xx: recorded (202) or a redelivered webhook-id (200). */
  answered(log: FastifyBaseLogger, status: number, body: Readonly<Record<string, unknown>>): void {
    if (status === 200) log.info({ status }, 'webhook redelivered: already processed');
    else
      log.info(
        { status, accepted: body.accepted, duplicates: body.duplicates, stale: body.stale },
        'webhook recorded',
      );
  }

  /** A refusal (4xx, 503), logged unless its status is over its share of lines this second. */
  refused(
    log: FastifyBaseLogger,
    status: number,
    body: Readonly<Record<string, unknown>>,
    retryAfterS?: number,
  ): void {
    if (!this.sampler.take(String(status))) return;
    const reason = typeof body.error === 'string' ? body.error : 'unknown';
    log.warn(
      { status, reason, ...detailsOf(body), ...(retryAfterS === undefined ? {} : { retryAfterS }) },
      'webhook refused',
    );
  }

  /** Writes the counts still held back (on close). */
  flush(): void {
    this.sampler.flush();
  }
}

/** What of a refusal body is safe and useful in a log line: counts, positions, schema paths, escaped ids. */
function detailsOf(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { issues, references } = body;
  if (Array.isArray(issues) && issues.length > 0) {
    const first = issues[0] as { index?: unknown; path?: unknown };
    return {
      issues: issues.length,
      firstIssue: {
        index: first.index,
        path: typeof first.path === 'string' ? escapedForLog(first.path) : undefined,
      },
    };
  }
  if (Array.isArray(references) && references.length > 0) {
    const first = references[0] as { index?: unknown; field?: unknown; value?: unknown };
    return {
      references: references.length,
      firstReference: {
        index: first.index,
        field: first.field,
        value: typeof first.value === 'string' ? escapedForLog(first.value) : undefined,
      },
    };
  }
  // A fastify error code (FST_ERR_…): a constant, never input.
  if (typeof body.code === 'string') return { code: body.code };
  return {};
}
