import { GenesysApiError } from './genesys-api-error.js';

/**
 * Thrown when a 2xx answer does not match the model we rely on (kind `invalid`): the contract
 * changed or the server misbehaves; retrying will not help.
 */
export class ResponseValidationError extends GenesysApiError {
  /** The model the body was checked against (for example `Trunk`). */
  readonly model: string;
  /** Where and why it failed (zod issues, without the offending values). */
  readonly issues: string;

  constructor(details: {
    method: string;
    route: string;
    status: number;
    correlationId: string | undefined;
    model: string;
    issues: string;
  }) {
    super(
      {
        kind: 'invalid',
        status: details.status,
        code: 'response.validation',
        genesysMessage: undefined,
        correlationId: details.correlationId,
        method: details.method,
        route: details.route,
      },
      `Genesys ${details.method} ${details.route} answered ${details.status} with a body that is not a valid ${details.model}: ${details.issues}`,
    );
    this.name = 'ResponseValidationError';
    this.model = details.model;
    this.issues = details.issues;
  }
}
