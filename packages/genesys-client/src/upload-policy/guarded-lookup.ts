import {
  lookup as dnsLookup,
  type LookupAddress,
  type LookupAllOptions,
  type LookupOneOptions,
} from 'node:dns';
import type { LookupFunction } from 'node:net';
import { UploadUrlRefusedError } from '../errors/upload-url-refused-error.js';
import { nonPublicAddressKind } from './address-class.js';

/** Resolves a host name to every address it has (dns.lookup with `all: true`); tests inject their own. */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** The code got reports for a connection our lookup refused; the cause is the UploadUrlRefusedError. */
export const UPLOAD_REFUSED_CODE = 'EUPLOADREFUSED';

/**
 * A `lookup` for the sockets of issued uploads: resolves, and refuses the connection when any answer is a
 * loopback, private or link-local address. It runs as the socket connects, on the very answer the socket
 * then uses, so a DNS answer that changes after an earlier check (rebinding) cannot slip through. Every
 * answer is judged, not only the first: with autoSelectFamily the socket may try any of them.
 */
export function guardedLookup(resolve: HostResolver = systemResolver): LookupFunction {
  return ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (all) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        const refused = wanted.find((a) => nonPublicAddressKind(a.address) !== undefined);
        if (refused !== undefined) {
          const kind = nonPublicAddressKind(refused.address);
          const error = new UploadUrlRefusedError(
            `${hostname} resolves to a ${kind} address (${refused.address})`,
          );
          callback(Object.assign(error, { code: UPLOAD_REFUSED_CODE }), '', 0);
          return;
        }
        if (typeof options === 'object' && options.all === true) callback(null, wanted);
        else {
          const first = wanted[0] as LookupAddress;
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  }) as LookupFunction;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
