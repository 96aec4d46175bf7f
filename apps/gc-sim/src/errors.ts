/** The standard Genesys error body (SDK model `ErrorBody`). */
export interface ErrorBody {
  message: string;
  code: string;
  status: number;
  contextId?: string;
  messageWithParams?: string;
  messageParams?: Record<string, string>;
  details?: Array<{ errorCode?: string; fieldName?: string; entityId?: string; entityName?: string }>;
  errors?: ErrorBody[];
}

/** Wording taken from real Genesys responses (docs/genesys-api.md, optimistic concurrency). */
export const VERSION_MISMATCH_MESSAGE =
  'The version number of the modified resource must match the version number in the database.';

/** The publishing-window 409: not a version conflict, so a client must not treat it as one. */
export const CONCURRENT_MODIFICATION_MESSAGE =
  'Concurrent modification of routing policies; publishing in progress';

/** Thrown by state operations and route handlers; the server turns it into an ErrorBody response. */
export class SimApiError extends Error {
  override readonly name = 'SimApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorBody['details'] = [],
  ) {
    super(message);
  }

  toBody(contextId: string): ErrorBody {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      contextId,
      messageWithParams: this.message,
      messageParams: {},
      details: this.details ?? [],
      errors: [],
    };
  }
}

export function badRequest(message: string, details?: ErrorBody['details']): SimApiError {
  return new SimApiError(400, 'bad.request', message, details);
}

export function notFound(what: string): SimApiError {
  return new SimApiError(404, 'not.found', `${what} not found`);
}

export function versionConflict(): SimApiError {
  return new SimApiError(409, 'conflict', VERSION_MISMATCH_MESSAGE);
}

/** The standard error body of an answer the simulator makes up (faults, 429s, unexpected errors). */
export function errorBody(status: number, code: string, message: string, contextId: string): ErrorBody {
  return {
    message,
    code,
    status,
    contextId,
    messageWithParams: message,
    messageParams: {},
    details: [],
    errors: [],
  };
}
