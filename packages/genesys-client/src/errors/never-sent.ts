import { GenesysApiError } from './genesys-api-error.js';
import { WriteRefusedError } from './write-refused-error.js';

/**
 * Whether a call failed before its request left, so Genesys cannot have acted on it: a write refused by its guard
 * (dry-run, lease), or a call the org's budget or 429 block would have made wait too long (`rate-limited` with no
 * HTTP status: a 429 from Genesys has one). Anything else may have reached Genesys.
 */
export function neverSent(error: unknown): boolean {
  if (error instanceof WriteRefusedError) return true;
  return error instanceof GenesysApiError && error.kind === 'rate-limited' && error.status === undefined;
}
