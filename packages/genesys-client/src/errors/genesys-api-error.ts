import type { GenesysErrorKind } from './genesys-error-kind.js';

export interface GenesysApiErrorDetails {
  kind: GenesysErrorKind;
  /** HTTP status; undefined when no response arrived (timeout, connection reset). */
  status: number | undefined;
  /** Genesys `code` (or OAuth `error`), or the network error code (ECONNRESET, ETIMEDOUT). */
  code: string | undefined;
  /** Genesys `message` (or OAuth `error_description`), truncated. */
  genesysMessage: string | undefined;
  /** `ININ-Correlation-Id` response header: quote it to Genesys support. */
  correlationId: string | undefined;
  /** For `rate-limited`: how long nothing may be sent for this org. */
  retryAfterMs?: number | undefined;
  method: string;
  /** Route template (`/api/v2/routing/users/{userId}/utilization`), never the URL with ids. */
  route: string;
}

/** Thrown for every failed Genesys call; `kind` says what to do about it. Never carries secrets or tokens. */
export class GenesysApiError extends Error {
  readonly kind: GenesysErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly genesysMessage: string | undefined;
  readonly correlationId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly route: string;

  constructor(details: GenesysApiErrorDetails, message?: string) {
    super(message ?? describe(details));
    this.name = 'GenesysApiError';
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.genesysMessage = details.genesysMessage;
    this.correlationId = details.correlationId;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.route = details.route;
  }
}

function describe(details: GenesysApiErrorDetails): string {
  const status = details.status === undefined ? 'no response' : String(details.status);
  const code = details.code === undefined ? '' : ` ${details.code}`;
  const text = details.genesysMessage === undefined ? '' : `: ${details.genesysMessage}`;
  const retry = details.retryAfterMs === undefined ? '' : ` (retry after ${details.retryAfterMs} ms)`;
  return `Genesys ${details.method} ${details.route} failed (${details.kind}, ${status}${code})${text}${retry}`;
}
