import { randomUUID } from 'node:crypto';

/** Longest request id a log line carries; a longer `webhook-id` is cut (an id is ~30 characters in practice). */
export const MAX_REQUEST_ID_LENGTH = 128;

/** Characters kept as they are; anything else is percent-encoded (UTF-8), so an id can never forge a line. */
const SAFE = /[A-Za-z0-9_.:~+=/-]/;
/** A value that is already safe and short enough, as real ids are: returned as it is, without a copy. */
const ALL_SAFE = new RegExp(`^${SAFE.source}{1,${MAX_REQUEST_ID_LENGTH}}$`);

/**
 * The request id of a delivery: its `webhook-id` header, escaped and bounded, so one id follows a delivery
 * through every log line; a generated `gen-<uuid>` when the header is missing or empty. The header is input from
 * outside: control characters, quotes, spaces and non-ASCII are percent-encoded, and the result is cut at
 * {@link MAX_REQUEST_ID_LENGTH} characters, never in the middle of an escape.
 */
export function requestIdOf(header: string | readonly string[] | undefined): string {
  const value = typeof header === 'string' ? header : header?.[0];
  if (value === undefined || value === '') return `gen-${randomUUID()}`;
  return escapedForLog(value);
}

/** `value` with every character outside a safe set percent-encoded, cut at `maxLength` (never inside an escape). */
export function escapedForLog(value: string, maxLength = MAX_REQUEST_ID_LENGTH): string {
  if (value.length <= maxLength && ALL_SAFE.test(value)) return value;
  let escaped = '';
  for (const char of value) {
    const piece = SAFE.test(char) ? char : percentEncoded(char);
    if (escaped.length + piece.length > maxLength) break;
    escaped += piece;
  }
  return escaped;
}

function percentEncoded(char: string): string {
  return Array.from(
    Buffer.from(char, 'utf8'),
    (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');
}
