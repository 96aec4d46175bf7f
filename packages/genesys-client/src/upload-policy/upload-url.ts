import { isIP } from 'node:net';
import { UploadUrlRefusedError } from '../errors/upload-url-refused-error.js';
import { nonPublicAddressKind } from './address-class.js';

/** What of an org decides how its upload URLs are checked (docs/configuration.md, `uploadHosts`). */
export interface UploadUrlPolicy {
  apiBaseUrl: string;
  allowPlainHttp?: boolean | undefined;
  uploadHosts?: readonly string[] | undefined;
}

/**
 * True when the org points at a simulator (a loopback API, or `allowPlainHttp`): its upload URLs are the
 * simulator's own, on loopback or a private network, and only the older same-origin-or-https rule applies.
 */
export function pointsAtSimulator(policy: UploadUrlPolicy): boolean {
  if (policy.allowPlainHttp === true) return true;
  const host = new URL(policy.apiBaseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host.endsWith('.localhost') || nonPublicAddressKind(host) === 'loopback';
}

/**
 * The checks of a schedule upload URL that need no DNS: `https`, a host matching `uploadHosts` when set,
 * and no IP literal in a non-public range (a socket to an IP literal is opened without any lookup, so
 * guardedLookup would never see it). The resolved addresses are checked as the socket connects.
 * Throws UploadUrlRefusedError naming the host, never the query (a presigned URL's signature).
 */
export function checkUploadUrl(raw: string, policy: UploadUrlPolicy): void {
  if (!URL.canParse(raw)) throw new UploadUrlRefusedError('not a valid URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:') throw new UploadUrlRefusedError(`${url.protocol}//${url.host} is not https`);
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const hosts = policy.uploadHosts;
  if (hosts !== undefined && !hosts.some((suffix) => hostMatches(host, suffix))) {
    throw new UploadUrlRefusedError(`${host} matches none of the org's uploadHosts (${hosts.join(', ')})`);
  }
  const literal = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) !== 0) {
    const kind = nonPublicAddressKind(literal);
    if (kind !== undefined) throw new UploadUrlRefusedError(`${host} is a ${kind} address`);
  }
}

/** `s3.amazonaws.com` matches itself and `bucket.s3.amazonaws.com`, not `evil-s3.amazonaws.com`. */
function hostMatches(host: string, suffix: string): boolean {
  const bare = suffix.replace(/^\./, '');
  return host === bare || host.endsWith(`.${bare}`);
}
