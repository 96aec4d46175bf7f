import { GenesysApiError } from './genesys-api-error.js';
import type { ResponseValidationError } from './response-validation-error.js';

/**
 * Thrown when a state-changing call was answered 2xx with a body that cannot be validated. Genesys accepted the
 * write, or may have: the outcome is unknown, exactly as when the answer was lost. It is therefore the same error
 * as a lost answer — kind `transient`, `status` undefined — so every caller already observes, re-reads or queries
 * instead of treating it as a refusal (only a 4xx refuses) or sending something else at once
 * (docs/decisions/017-unknown-outcomes.md).
 */
export class UnknownOutcomeError extends GenesysApiError {
  /** The 2xx status the unreadable answer came with. */
  readonly answeredStatus: number;
  /** The model the body was checked against. */
  readonly model: string;
  /** Why it did not validate (zod issues, without the offending values). */
  readonly issues: string;

  constructor(cause: ResponseValidationError) {
    super(
      {
        kind: 'transient',
        status: undefined,
        code: 'response.unreadable',
        genesysMessage: undefined,
        correlationId: cause.correlationId,
        method: cause.method,
        route: cause.route,
      },
      `Genesys ${cause.method} ${cause.route} answered ${cause.status} with a body that is not a valid ${cause.model}; ` +
        `the write may have been applied (unknown outcome): ${cause.issues}`,
    );
    this.name = 'UnknownOutcomeError';
    this.answeredStatus = cause.status ?? 0;
    this.model = cause.model;
    this.issues = cause.issues;
  }
}
