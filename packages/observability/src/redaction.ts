/** What a redacted value is replaced with in every log line. */
export const REDACTED = '[redacted]';

/**
 * Keys whose values are secrets wherever they appear, at any depth. Matched after lower-casing and dropping
 * `-` and `_` (so `Client-Secret`, `client_secret` and `clientSecret` are one key); see isSecretKey.
 */
export const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'clientSecret',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'webhookSecret',
  'webhookSecrets',
  'WEBHOOK_SECRETS',
  'secret',
  'secrets',
  'password',
  'passwd',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apiKey',
  'privateKey',
  'credentials',
] as const;

const normalize = (key: string): string => key.toLowerCase().replace(/[-_]/g, '');
const SECRET_KEY_SET = new Set<string>(SECRET_KEYS.map(normalize));
// Suffixes that only secrets end in (`dashboardPassword`, `orgClientSecret`). Not `token`: a lease's
// `fencingToken` is a counter the operator needs in the logs.
const SECRET_SUFFIXES = ['secret', 'password'] as const;

/** True for a key whose value must never be logged or shown, in any casing or spelling. */
export function isSecretKey(key: string): boolean {
  const normalized = normalize(key);
  return SECRET_KEY_SET.has(normalized) || SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** Deeper than any object wfm-sync logs; beyond it a value is replaced rather than walked. */
const MAX_DEPTH = 32;
const TOO_DEEP = '[too deep]';

/**
 * pino formatter for log objects and bindings: replaces the value of every secret-named key at any depth
 * (inside arrays too), and removes the arguments of failed Redis commands from errors nested anywhere
 * (they carry event data). Copies only what it changes: the caller's objects stay intact.
 */
export function redactSecrets(object: Record<string, unknown>): Record<string, unknown> {
  return redactRecord(object, 0, new WeakSet());
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // An object met again (a cycle, or one shared twice) is not walked again, nor left as it is: an unredacted
  // original next to its redacted copy would print the secret.
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) {
    seen.add(value);
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const replaced = redactValue(item, depth + 1, seen);
      if (replaced !== item) {
        copy ??= [...value];
        copy[i] = replaced;
      }
    });
    return copy ?? value;
  }
  // JSON.stringify (pino's last step for nested values) shows an error's own enumerable fields, `command` included.
  if (value instanceof Error) return withoutCommandArguments(serializeError(value), depth, seen);
  if (!isPlainRecord(value)) return value;
  return redactRecord(value, depth, seen);
}

function redactRecord(
  object: Record<string, unknown>,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  seen.add(object);
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(object)) {
    const replaced =
      isSecretKey(key) && value !== undefined && value !== null
        ? REDACTED
        : key === 'command' && isPlainRecord(value) && 'args' in value
          ? { name: value.name }
          : redactValue(value, depth + 1, seen);
    if (replaced !== value) {
      copy ??= { ...object };
      copy[key] = replaced;
    }
  }
  return copy ?? object;
}

/**
 * pino `err` serializer: the standard one, then secrets redacted and a Redis error's command reduced to its
 * name. ioredis' ReplyError carries `command: { name, args }`, and a failed EVALSHA's args are the events it
 * was storing (notes included).
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const out: Record<string, unknown> = {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack,
  };
  for (const [key, value] of Object.entries(error)) out[key] = value;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

function withoutCommandArguments(serialized: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (!isPlainRecord(serialized)) return serialized;
  const command = serialized.command;
  const cleaned = isPlainRecord(command) ? { ...serialized, command: { name: command.name } } : serialized;
  return redactRecord(cleaned, depth, seen);
}

/** The `err` serializer pino is given: errors at the top level of a log call. */
export function errorSerializer(error: unknown): unknown {
  return error instanceof Error ? withoutCommandArguments(serializeError(error), 0, new WeakSet()) : error;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Replaces, in place, `values[from…]` by their redacted copies (values interpolated into a log message). */
export function redactValues(values: unknown[], from: number): void {
  for (let i = from; i < values.length; i++) values[i] = redactValue(values[i], 0, new WeakSet());
}
