import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** One request as the fake server saw it; `at` is the arrival time (epoch ms). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
  /** Status answered (undefined while pending, or for hangs and resets). */
  status?: number;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  | { hang: true }
  | { reset: true };

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  authenticated: boolean;
}

export const CLIENT_ID = 'client-id';
export const CLIENT_SECRET = 'very-secret';

/**
 * A small real HTTP server behaving like docs/genesys-api.md for the cases under test: OAuth client
 * credentials with expiring, revocable tokens; bearer checks on API routes (401
 * bad.credentials); routes registered by each test. It records every arrival.
 */
export class FakeGenesys {
  readonly requests: RecordedRequest[] = [];
  /** Token lifetime the token endpoint announces and enforces. */
  tokenLifetimeS = 3600;
  /** Delay before the token endpoint answers (widens the window for concurrent fetches). */
  tokenDelayMs = 0;
  /** Replaces the token endpoint's answer (rate limit, invalid_client). */
  tokenReply: Reply | undefined;
  private readonly valid = new Map<string, number>();
  private issued = 0;
  private readonly routes: Route[] = [];
  private readonly server = createServer((req, res) => {
    void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, req, res);
  });

  private constructor() {}

  static async start(): Promise<FakeGenesys> {
    const fake = new FakeGenesys();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Registers a route; `{name}` segments match anything but `/`. Later routes win. */
  on(method: string, template: string, handler: Handler, options: { authenticated?: boolean } = {}): void {
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`);
    this.routes.unshift({ method, pattern, handler, authenticated: options.authenticated ?? true });
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/oauth/token');
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path !== '/oauth/token');
  }

  /** Every issued token stops working (as after a revocation). */
  revokeAll(): void {
    this.valid.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  private async handle(
    method: string,
    rawUrl: string,
    headers: IncomingHttpHeaders,
    req: NodeJS.ReadableStream & { socket: { destroy(): void } },
    res: ServerResponse,
  ): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
    const url = new URL(rawUrl, 'http://fake');
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: Buffer.concat(chunks),
      at,
    };
    this.requests.push(request);
    const reply = await this.reply(request);
    if ('hang' in reply) return;
    if ('reset' in reply) {
      req.socket.destroy();
      return;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    request.status = reply.status;
    const body =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'inin-correlation-id': `corr-${this.requests.length}`,
      ...reply.headers,
    });
    res.end(body);
  }

  private async reply(request: RecordedRequest): Promise<Reply> {
    if (request.path === '/oauth/token' && request.method === 'POST') return this.token(request);
    const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
    if (route?.authenticated !== false && !this.authorized(request)) {
      return {
        status: 401,
        body: { message: 'Invalid login credentials.', code: 'bad.credentials', status: 401 },
      };
    }
    if (!route) return { status: 404, body: { message: 'not found', code: 'not.found', status: 404 } };
    return route.handler(request);
  }

  private token(request: RecordedRequest): Reply {
    if (this.tokenReply) return this.tokenReply;
    const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (request.headers.authorization !== expected || form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'invalid_client', description: 'bad client', error_description: 'bad client' },
      };
    }
    this.issued += 1;
    const token = `tok-${this.issued}`;
    this.valid.set(token, Date.now() + this.tokenLifetimeS * 1000);
    return {
      status: 200,
      delayMs: this.tokenDelayMs,
      body: { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeS },
    };
  }

  private authorized(request: RecordedRequest): boolean {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    const expiresAt = this.valid.get(token);
    return expiresAt !== undefined && expiresAt > Date.now();
  }
}
