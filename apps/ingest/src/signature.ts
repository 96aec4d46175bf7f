import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

export interface SignatureHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

export interface SignatureVerifierOptions {
  /** The receiver's clock in milliseconds since the epoch. @defaultValue Date.now */
  now?: () => number;
}

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks' replay window, both ways. */
export const WEBHOOK_TOLERANCE_S = 5 * 60;
/** `base64(HMAC-SHA256)`: 32 bytes, 44 characters with padding. */
const SIGNATURE_BASE64_LENGTH = 44;
/** Standard base64 without padding, the alphabet the reference implementation decodes. */
const BASE64_DATA = /^[A-Za-z0-9+/]*$/;

/**
 * The key bytes of a Standard Webhooks secret, decoded exactly as the `standardwebhooks` package (with
 * `@stablelib/base64`) does: an optional `whsec_` prefix, then standard base64 with optional padding. It refuses
 * fewer than four characters or more than two `=`, characters outside the alphabet and an empty key; like it, it never
 * reads a lone last character (`"abcd\n"` is the key of `"abcd"`).
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length === 0) throw new Error("webhook secret can't be empty");
  let padding = 0;
  while (padding < encoded.length && encoded[encoded.length - 1 - padding] === '=') padding += 1;
  if (encoded.length < 4 || padding > 2) throw new Error('webhook secret is not valid base64 (padding)');
  let data = encoded.slice(0, encoded.length - padding);
  if (data.length % 4 === 1) data = data.slice(0, -1);
  if (!BASE64_DATA.test(data)) throw new Error('webhook secret is not valid base64 (characters)');
  const key = Buffer.from(data, 'base64');
  if (key.length === 0) throw new Error("webhook secret can't be empty");
  return key;
}

/** `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, the header value a sender puts in `webhook-signature`. */
export function signWebhook(key: KeyObject | Buffer, id: string, timestampS: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampS}.${body}`).digest('base64')}`;
}

/**
 * The `v1` signatures of a `webhook-signature` header, as bytes to compare. Parsed as the reference does: entries
 * split on single spaces, each `version,signature[,ignored]`; other versions and malformed entries are skipped.
 * An entry that cannot be a base64 HMAC-SHA256 (not 44 bytes) can never match, so it is dropped here.
 */
function candidateSignatures(header: string): Buffer[] {
  const candidates: Buffer[] = [];
  for (const entry of header.split(' ')) {
    const [version, signature] = entry.split(',');
    if (version !== 'v1' || signature === undefined || signature.length !== SIGNATURE_BASE64_LENGTH) continue;
    const bytes = Buffer.from(signature, 'utf8');
    if (bytes.length === SIGNATURE_BASE64_LENGTH) candidates.push(bytes);
  }
  return candidates;
}

/**
 * Standard Webhooks verification against every configured secret (rotation: old and new are both accepted), with
 * `node:crypto`: the HMAC over `{id}.{timestamp}.{raw body}` per secret until one matches, each of the header's
 * `v1` signatures compared with `timingSafeEqual`, and the 5-minute timestamp tolerance. Secrets are decoded once,
 * here. Same answers as the `standardwebhooks` package's `Webhook.verify` for every input (its test vectors and a
 * differential test against it are in test/signature-vectors.test.ts), including its reading of the timestamp
 * with `parseInt`.
 */
export class SignatureVerifier {
  private readonly keys: readonly KeyObject[];
  private readonly now: () => number;

  constructor(secrets: readonly string[], options: SignatureVerifierOptions = {}) {
    if (secrets.length === 0) throw new Error('at least one webhook secret is required');
    this.keys = secrets.map((secret) => createSecretKey(decodeWebhookSecret(secret)));
    this.now = options.now ?? (() => Date.now());
  }

  verify(rawBody: string, headers: SignatureHeaders): boolean {
    const id = headers['webhook-id'];
    const timestampHeader = headers['webhook-timestamp'];
    const signatureHeader = headers['webhook-signature'];
    if (!id || !timestampHeader || !signatureHeader) return false;

    const timestamp = Number.parseInt(timestampHeader, 10);
    if (Number.isNaN(timestamp)) return false;
    const nowS = Math.floor(this.now() / 1000);
    if (nowS - timestamp > WEBHOOK_TOLERANCE_S || timestamp > nowS + WEBHOOK_TOLERANCE_S) return false;

    const candidates = candidateSignatures(signatureHeader);
    if (candidates.length === 0) return false;
    // The timestamp as signed is the parsed number, not the header's text (as in the reference).
    const signed = `${id}.${timestamp}.${rawBody}`;
    for (const key of this.keys) {
      const expected = Buffer.from(createHmac('sha256', key).update(signed).digest('base64'), 'latin1');
      for (const candidate of candidates) if (timingSafeEqual(candidate, expected)) return true;
    }
    return false;
  }
}
