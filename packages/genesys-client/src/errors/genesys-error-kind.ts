/**
 * What the caller should do about a failed Genesys call:
 * - `version-conflict`: re-read, re-apply the owned fields, write again;
 * - `duplicate`: the thing already exists (a repeated create): look it up instead;
 * - `conflict`: another 409 (concurrent modification): retry later;
 * - `rate-limited`: wait `retryAfterMs` (the org is blocked for every process until then);
 * - `transient`: 5xx, timeout, connection reset: retry a few times with backoff;
 * - `unauthorized`: credentials or permissions are wrong: an operator must act;
 * - `not-found`: the resource does not exist;
 * - `invalid`: the request (or the answer) is malformed: retrying will not help.
 */
export { GENESYS_ERROR_KINDS, type GenesysErrorKind } from '@wfm-sync/domain';
