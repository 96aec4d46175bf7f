import { createHash, timingSafeEqual } from 'node:crypto';

/** `crypto.timingSafeEqual`'s signature; injectable so a test can prove every comparison goes through it. */
export type ConstantTimeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => boolean;

/** User and password as sent in an `Authorization: Basic` header. */
export interface BasicCredentials {
  user: string;
  password: string;
}

/**
 * Reads `Authorization: Basic base64(user:password)` (RFC 7617); undefined when absent or malformed.
 * The password may contain ':'; the user may not.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return undefined;
  return { user: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

/**
 * Checks presented credentials against the configured ones in constant time: both sides are hashed
 * to equal-length SHA-256 digests first (timingSafeEqual needs equal lengths, and comparing digests
 * hides the secret's length), user and password are both always compared, and the results are
 * combined without short-circuiting.
 */
export class CredentialCheck {
  private readonly userDigest: Buffer;
  private readonly passwordDigest: Buffer;

  constructor(
    expected: BasicCredentials,
    private readonly equal: ConstantTimeEqual = timingSafeEqual,
  ) {
    this.userDigest = digest(expected.user);
    this.passwordDigest = digest(expected.password);
  }

  matches(presented: BasicCredentials): boolean {
    const userMatches = this.equal(digest(presented.user), this.userDigest);
    const passwordMatches = this.equal(digest(presented.password), this.passwordDigest);
    return userMatches && passwordMatches;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
