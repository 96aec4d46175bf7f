import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that passed the proxy, with its body (gc-sim's own request log has none). */
export interface ProxiedRequest {
  method: string;
  path: string;
  body: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface RecordingProxy {
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** An HTTP proxy in front of gc-sim that records every request with its body, so a test can find repeated writes. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: ProxiedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const startedAt = Date.now();
    void (async () => {
      const body = await bodyOf(request);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value === undefined || ['host', 'content-length', 'connection'].includes(name)) continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = request.method ?? 'GET';
      let status = 0;
      try {
        const answer = await fetch(`${target}${request.url ?? '/'}`, {
          method,
          headers,
          body: ['GET', 'HEAD'].includes(method) ? undefined : body,
        });
        status = answer.status;
        const payload = Buffer.from(await answer.arrayBuffer());
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
            out[name] = value;
        });
        response.writeHead(answer.status, out).end(payload);
      } catch {
        response.destroy();
      } finally {
        requests.push({
          method,
          path: (request.url ?? '/').split('?')[0]!,
          body: body.toString(),
          status,
          startedAt,
          endedAt: Date.now(),
        });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
