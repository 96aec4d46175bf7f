/** What a redacted value is replaced with in every log line. */
export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear (top level, one and two levels deep). */
export const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'clientSecret',
  'client_secret',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'token',
  'webhookSecret',
  'webhookSecrets',
  'secret',
  'secrets',
  'WEBHOOK_SECRETS',
  'password',
] as const;

/** Header names are case-insensitive on the wire; these are matched in any casing. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization']);
const HEADER_CASINGS = ['authorization', 'Authorization', 'AUTHORIZATION'] as const;

/** pino `redact` paths: each secret key and header at depth 0, 1 and 2 (`*` also matches array items). */
export function redactPaths(): string[] {
  const paths: string[] = [];
  for (const prefix of ['', '*.', '*.*.']) {
    for (const key of SECRET_KEYS) paths.push(`${prefix}${key}`);
    for (const header of HEADER_CASINGS) paths.push(`${prefix}headers.${header}`);
    paths.push(`${prefix}headers["proxy-authorization"]`);
  }
  return paths;
}

const MAX_HEADER_DEPTH = 2;

/**
 * pino formatter for log objects and bindings: censors authorization headers in any casing
 * (`AuThorization`), which path-based redaction cannot express. Looks for `headers` objects at
 * the same depths as the paths, and copies only what it changes: the caller's objects stay intact.
 */
export function redactHeadersInAnyCasing(object: Record<string, unknown>): Record<string, unknown> {
  return redactWithin(object, 0);
}

function redactWithin(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    if (!isPlainRecord(value)) continue;
    const replaced =
      key.toLowerCase() === 'headers'
        ? censorHeaders(value)
        : depth < MAX_HEADER_DEPTH
          ? redactWithin(value, depth + 1)
          : value;
    if (replaced !== value) {
      copy ??= { ...object };
      copy[key] = replaced;
    }
  }
  return copy ?? object;
}

function censorHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const name of Object.keys(headers)) {
    if (SECRET_HEADERS.has(name.toLowerCase()) && headers[name] !== REDACTED) {
      copy ??= { ...headers };
      copy[name] = REDACTED;
    }
  }
  return copy ?? headers;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
