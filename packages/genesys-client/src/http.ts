import { Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, RequestError, TimeoutError } from 'got';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface HttpRequest {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
  timeoutMs: number;
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
  private readonly got: Got;

  constructor() {
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
      });
      return {
        kind: 'response',
        response: { status: response.statusCode, headers: response.headers, body: response.body },
      };
    } catch (error) {
      // Only the code is kept: got's errors carry the request options, Authorization header included.
      if (error instanceof TimeoutError) return { kind: 'failure', timeout: true, code: 'ETIMEDOUT' };
      if (error instanceof RequestError) return { kind: 'failure', timeout: false, code: error.code };
      throw error;
    }
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
