import { Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, RequestError, TimeoutError } from 'got';
import { UploadUrlRefusedError } from './errors/upload-url-refused-error.js';
import { guardedLookup, type HostResolver } from './upload-policy/guarded-lookup.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH';

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
  timeoutMs: number;
  /**
   * Connect only to public addresses, checked on the addresses the socket actually connects to (an issued
   * upload URL, see upload-policy/). @defaultValue false
   */
  publicAddressesOnly?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Either an answer (any status) or why none came back. */
export type HttpOutcome =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'failure'; timeout: boolean; code: string };

/**
 * One HTTP transport per client: keep-alive agents, a timeout on every request, no retries, no
 * redirects, no thrown HTTP errors. Retrying belongs to the pipeline (only the 401 token refetch
 * is done here); a redirect would let an answer send us, with our token, to another host.
 */
export class HttpSender {
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };
  // A pool of its own: a socket opened by an API call must not be reused for an upload without the check.
  private readonly publicOnlyAgent: HttpsAgent;
  private readonly got: Got;

  constructor(options: { resolveHost?: HostResolver } = {}) {
    this.publicOnlyAgent = new HttpsAgent({ keepAlive: true, lookup: guardedLookup(options.resolveHost) });
    this.got = got.extend({
      agent: this.agents,
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      decompress: true,
      responseType: 'text',
      headers: { 'user-agent': 'wfm-sync-genesys-client' },
    });
  }

  async send(request: HttpRequest): Promise<HttpOutcome> {
    try {
      const response = await this.got(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        timeout: { request: request.timeoutMs },
        ...(request.publicAddressesOnly === true ? { agent: { https: this.publicOnlyAgent } } : {}),
      });
      return {
        kind: 'response',
        response: { status: response.statusCode, headers: response.headers, body: response.body },
      };
    } catch (error) {
      if (error instanceof RequestError && error.cause instanceof UploadUrlRefusedError) throw error.cause;
      // Only the code is kept: got's errors carry the request options, Authorization header included.
      if (error instanceof TimeoutError) return { kind: 'failure', timeout: true, code: 'ETIMEDOUT' };
      if (error instanceof RequestError) return { kind: 'failure', timeout: false, code: error.code };
      throw error;
    }
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.publicOnlyAgent.destroy();
  }
}
