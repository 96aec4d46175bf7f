import type { HttpMethod } from '../http.js';
import type { CallSpec, Transport } from '../transport.js';
import type { UploadUrlPolicy } from '../upload-policy/upload-url.js';
import { apiUrl, type QueryValue } from '../urls.js';
import type { WriteGuard } from '../write-guard.js';

export interface ApiContext {
  transport: Transport;
  apiBaseUrl: string;
  /** How issued schedule upload URLs are checked. */
  uploadPolicy: UploadUrlPolicy;
}

export interface ApiCallOptions {
  params?: Record<string, string>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** Set (even to `{ write: undefined }`) for state-changing calls. */
  write?: { guard: WriteGuard | undefined };
  onSent?: (() => void) | undefined;
}

/** An authenticated call to a Platform API route of the org's API host. */
export function apiCall(
  context: ApiContext,
  method: HttpMethod,
  route: string,
  options: ApiCallOptions = {},
): CallSpec {
  return {
    method,
    route,
    url: apiUrl(context.apiBaseUrl, method, route, options.params ?? {}, options.query),
    authenticate: true,
    ...(options.json === undefined ? {} : { body: { kind: 'json' as const, value: options.json } }),
    ...(options.write === undefined ? {} : { write: options.write }),
    ...(options.onSent === undefined ? {} : { onSent: options.onSent }),
  };
}
