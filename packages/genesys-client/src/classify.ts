import type { GenesysErrorKind } from './errors/genesys-error-kind.js';

export interface ClassifyInput {
  /** HTTP status; undefined when no response arrived. */
  status?: number | undefined;
  /** Genesys `code` or OAuth `error`. */
  code?: string | undefined;
  /** Genesys `message` or OAuth `error_description`. */
  message?: string | undefined;
  /** The request timed out before an answer. */
  timeout?: boolean | undefined;
  /** The connection failed (ECONNRESET, ECONNREFUSED, "socket hang up", ...): its code or message. */
  networkError?: string | undefined;
}

// Wording of real version rejections (docs/genesys-api.md, Optimistic concurrency).
const VERSION_409 = /version number|does not match the current version/i;
// Genesys' Terraform provider treats this 400 as the same conflict.
const VERSION_400 = /does not match the current version/i;
const DUPLICATE = /duplicate/i;
// The OAuth endpoint reports its own throttling as 400 invalid_request "rate limit exceeded".
const RATE_LIMIT_400 = /rate limit exceeded/i;

/**
 * Maps a failed call to what the caller should do. Status first, message second: the same
 * words mean different things under different statuses (a 409 about "version" is a version
 * conflict, a 400 about it only with the exact Genesys wording).
 */
export function classifyGenesysError(input: ClassifyInput): GenesysErrorKind {
  const { status } = input;
  const text = `${input.code ?? ''} ${input.message ?? ''}`;
  if (status === undefined || status === 0) {
    // No answer at all: timeouts, resets, refused connections. Whatever the network said, the
    // request may be sent again; a few retries are the pipeline's business.
    return 'transient';
  }
  if (status === 409) {
    if (VERSION_409.test(input.message ?? '')) return 'version-conflict';
    if (DUPLICATE.test(text)) return 'duplicate';
    return 'conflict';
  }
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not-found';
  if (status === 400) {
    if (VERSION_400.test(input.message ?? '')) return 'version-conflict';
    if (RATE_LIMIT_400.test(text)) return 'rate-limited';
    if (input.code === 'invalid_client') return 'unauthorized';
    return 'invalid';
  }
  if (status >= 500 && status <= 599) return 'transient';
  return 'invalid';
}
