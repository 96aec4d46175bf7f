import { isIP } from 'node:net';

/**
 * True for `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8 and ::1, as URL.hostname spells them
 * (IPv6 in brackets). Only names that cannot leave the machine: a host resolving to 127.0.0.1 is not one.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
